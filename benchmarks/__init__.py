"""`make bench`: Kaiken under a swarm of real Socket.IO clients, next to a bare baseline."""
