"""Socket.IO event names, mirrored in static/js/events.js."""

# client -> server (each acknowledged)
SYNC = "sync"
ASK = "ask"
WITHDRAW = "withdraw"
VOTE = "vote"
MODERATE = "moderate"
ANSWER = "answer"
REACT = "react"
SCORE = "score"
CLOCK = "clock"
PLAN = "plan"
TEAM_MODERATION = "team_moderation"
FIRE_NEWS = "fire_news"
SUGGEST = "suggest"
DISMISS_FLAG = "dismiss_flag"

# server -> client
QUESTIONS = "questions"
OWN_QUESTION = "own_question"
CONFERENCE = "conference"
TALLIES = "tallies"  # counts: {"votes": {qid: n}, "reactions": {aid: {kind: n}}}, either or both
SCORED = "scored"
FLAGS = "flags"
RELOAD = "reload"
