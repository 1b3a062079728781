import { describe, expect, it } from 'vitest';
import { spawnService, startAgain } from './service-process.ts';

describe('starting a service process', () => {
  it('says what a process that exits before it is ready printed, on stdout (its JSON log) as on stderr', async () => {
    const script = "console.log(JSON.stringify({ msg: 'directory service failed to start', err: 'cannot open KV' })); console.error('bye'); process.exit(1)";
    await expect(spawnService({ label: 'directory service', args: ['-e', script], readyUrl: () => undefined })).rejects.toThrow(
      /directory service exited with 1: .*cannot open KV.*bye/s,
    );
  });

  it('starts again, twice at most, one that fails before it is ready, saying each failure', async () => {
    const said: string[] = [];
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new Error(`exited with 1 (try ${calls})`);
      return 'up';
    };
    expect(await startAgain('directory', flaky, (l) => said.push(l))).toBe('up');
    expect(said).toEqual([
      'directory: could not start (Error: exited with 1 (try 1)); trying again',
      'directory: could not start (Error: exited with 1 (try 2)); trying again',
    ]);
    calls = -10;
    await expect(startAgain('audit', flaky, () => {})).rejects.toThrow('try -7'); // the third try's failure
    expect(calls).toBe(-7);
  }, 20_000);
});
