export { followDirectory } from './follower.ts';
export type { DirectoryFollower, DirectoryStatus, DirectoryUpdate, FollowOptions, Refusal } from './follower.ts';
export { judgeDirectory } from './judge.ts';
export type { Held, Judgement } from './judge.ts';
