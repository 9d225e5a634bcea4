"""What a request to add a state must hold, checked before any write.

A body that fails is refused with a message that says what is wrong, and
nothing reaches the database.
"""
from webapp.models import NAME_LENGTH

EXAMPLE = ', such as {"name": "Oregon"}'


class Invalid(ValueError):
    """A request body that cannot become a state; its message says why."""


def new_state_name(body):
    """Return the name in a parsed JSON body, or raise Invalid.

    ``body`` is what request.get_json(silent=True) returned: None when
    the body is not JSON.  The name is kept exactly as sent: no trimming,
    no case folding.
    """
    if body is None:
        raise Invalid("the body must be JSON" + EXAMPLE)
    if not isinstance(body, dict):
        raise Invalid("the body must be a JSON object" + EXAMPLE)
    extra = sorted(set(body) - {"name"})
    if extra:
        raise Invalid('unexpected field "{}": only "name" is accepted'
                      .format(extra[0]))
    if "name" not in body:
        raise Invalid("the name is missing" + EXAMPLE)
    name = body["name"]
    if not isinstance(name, str):
        raise Invalid("the name must be a string" + EXAMPLE)
    if not name.strip():
        raise Invalid("the name is empty")
    if len(name) > NAME_LENGTH:
        raise Invalid("the name is longer than {} characters"
                      .format(NAME_LENGTH))
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        # JSON can carry a lone surrogate (\ud800), which is not text.
        raise Invalid("the name is not valid Unicode text") from None
    return name
