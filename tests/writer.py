"""A Kaiken writer in a process of its own: reporters who ask, get queued and vote as fast as
they can, on the conference open on screen. Prints each question's client id once its commit
returned, so the test knows what was acknowledged.

python -m tests.writer DATABASE_URL WORKSHOP_ID NAME COUNT THREADS
"""

import sys
import threading
import traceback
import uuid

from sqlalchemy import select

from simulator import create_app
from simulator.extensions import db
from simulator.models import Conference, Question, Workshop
from simulator.services import conference as svc
from simulator.services import workshops


def write(app, workshop_id, name, count, printed):
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        reporter = workshops.join(workshop, name, "tv", 40)
        db.session.commit()
        for n in range(count):
            conference = db.session.get(Conference, workshop.current_conference_id)
            client_id = uuid.uuid4().hex
            question, _ = svc.ask(conference, reporter, client_id, f"{name} の質問 {n}", None, 400)
            db.session.commit()
            svc.moderate(conference, question.id, "queue", None, 1000)
            db.session.commit()
            with printed:
                print(client_id, flush=True)
            other = db.session.scalar(
                select(Question)
                .where(Question.reporter_id != reporter.id, Question.status == "queued")
                .order_by(Question.id.desc())
                .limit(1)
            )
            if other is not None:
                svc.vote(conference, reporter, other.id, True)
                db.session.commit()


def main(url, workshop_id, name, count, threads):
    """Every thread writes; exit status 3 when any of them failed (its traceback on stderr)."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "writer", "KAIKEN_ASYNC_MODE": "threading"}
    )
    printed, failed = threading.Lock(), []

    def run(worker_name):
        try:
            write(app, workshop_id, worker_name, count, printed)
        except Exception:
            failed.append(worker_name)
            traceback.print_exc()

    workers = [threading.Thread(target=run, args=(f"{name}-{t}",)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return 3 if failed else 0


if __name__ == "__main__":
    url, workshop_id, name, count, threads = sys.argv[1:6]
    sys.exit(main(url, int(workshop_id), name, int(count), int(threads)))
