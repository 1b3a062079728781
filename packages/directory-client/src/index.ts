export { followDirectory } from './follower.ts';
export type { DirectoryFollower, DirectoryStatus, DirectoryUpdate, FollowOptions, Refusal } from './follower.ts';
export { directoryFreshness, judgeDirectory } from './judge.ts';
export type { Freshness, Held, Judgement } from './judge.ts';
