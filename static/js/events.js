// Socket.IO event names; mirrors simulator/realtime/events.py.
export const SYNC = "sync";
export const ASK = "ask";
export const WITHDRAW = "withdraw";
export const VOTE = "vote";
export const MODERATE = "moderate";
export const ANSWER = "answer";
export const REACT = "react";
export const SCORE = "score";
export const CLOCK = "clock";
export const PLAN = "plan";
export const TEAM_MODERATION = "team_moderation";
export const FIRE_NEWS = "fire_news";
export const SUGGEST = "suggest";
export const DISMISS_FLAG = "dismiss_flag";

export const QUESTIONS = "questions";
export const OWN_QUESTION = "own_question";
export const CONFERENCE = "conference";
export const TALLIES = "tallies";
export const SCORED = "scored";
export const FLAGS = "flags";
export const RELOAD = "reload";
