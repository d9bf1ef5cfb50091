"""External IO behind small interfaces, chosen by configuration and kept in app.extensions."""
