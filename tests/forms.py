"""Reading a page's forms as a browser sends them, for tests that post to a real server."""

from html.parser import HTMLParser


class Form(HTMLParser):
    """The fields of each form of a page, as a browser would send them unchanged."""

    def __init__(self, page):
        super().__init__()
        self.forms, self._form, self._text, self._select = [], None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"fields": {}, "textareas": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name, fields = attrs.get("name"), self._form["fields"]
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            value = attrs.get("value") or ("on" if kind == "checkbox" else "")
            if kind == "checkbox" and "checked" in attrs:
                fields.setdefault(name, []).append(value)
            elif kind not in ("checkbox", "radio", "submit") or "checked" in attrs:
                fields[name] = value
        elif tag == "textarea" and name:
            self._text = name
            fields[name] = ""
            self._form["textareas"].append(name)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if self._select not in fields or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._text:
            self._form["fields"][self._text] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None

    def with_text(self):
        return next(form for form in self.forms if form["textareas"])
