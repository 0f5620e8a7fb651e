"""Services: domain rules applied to the database. They add and flush; callers commit."""
