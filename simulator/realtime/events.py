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

# server -> client
QUESTIONS = "questions"
OWN_QUESTION = "own_question"
CONFERENCE = "conference"
VOTES = "votes"
REACTIONS = "reactions"
SCORED = "scored"
RELOAD = "reload"
