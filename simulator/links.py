"""The links `kaiken` prints, on an address phones in the room can reach."""

import socket
import subprocess

from flask import current_app

from .models import Workshop
from .qr import terminal
from .services import workshops


def lan_address():
    """This machine's first non-loopback IPv4 address, else 127.0.0.1."""
    candidates = []
    try:
        out = subprocess.run(
            ["ip", "-4", "-o", "addr", "show", "scope", "global"],
            capture_output=True,
            text=True,
            timeout=2,
        ).stdout
        candidates += [line.split()[3].split("/")[0] for line in out.splitlines()]
    except (OSError, subprocess.SubprocessError, IndexError):
        pass
    try:
        candidates += [
            info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        ]
    except OSError:
        pass
    for address in candidates:
        if not address.startswith("127."):
            return address
    return "127.0.0.1"


def base_url(port):
    configured = current_app.config.get("KAIKEN_PUBLIC_URL")
    return configured.rstrip("/") if configured else f"http://{lan_address()}:{port}"


def workshop_links(workshop: Workshop, base):
    """Instructor (one-time), shared screen, reporters' join and team console links."""
    token = workshops.issue_login_link(
        workshop.instructor, current_app.config["INSTRUCTOR_LINK_MINUTES"]
    )
    return {
        "instructor": f"{base}/instructor/link/{token}",
        "screen": f"{base}/screen/{workshop.screen_token}",
        "join": f"{base}/j/{workshop.join_code}",
        "code": workshop.join_code,
        "teams": [(team.name, f"{base}/team/{team.console_token}") for team in workshop.teams],
    }


def print_links(workshop, base, echo):
    links = workshop_links(workshop, base)
    echo(f"\nKaiken — {workshop.title}\n")
    echo(f"  Instructor (one-time sign-in link): {links['instructor']}")
    echo(f"  Shared screen:                      {links['screen']}")
    for name, url in links["teams"]:
        echo(f"  Team console {name}: {url}")
    echo(f"  Reporters join:                     {links['join']}   code {links['code']}\n")
    echo(terminal(links["join"]))
    return links
