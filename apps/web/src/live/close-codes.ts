/**
 * The live socket's close code for "session ended" (sign in again), as `LIVE_CLOSE.sessionEnded`
 * in `@rotes-netz/shared`; repeated here because the web app imports only types from there.
 */
export const LIVE_CLOSE_SESSION_ENDED = 4401;
