"""The exceptions every part of the package raises."""

UNAVAILABLE = 8  # protocol/README.md's error code for "no answer"


class SummitError(Exception):
    """A refusal: .code is the protocol's error code (protocol/README.md; the
    study commands' own codes start at 32), str() the coordinator's or the
    worker's message."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class NotInTrial(SummitError):
    """The process was not started by a Summit worker."""

    def __init__(self, message):
        super().__init__(0, message)


class SummitUnavailable(SummitError):
    """The worker or the coordinator did not answer within the timeout."""

    def __init__(self, message):
        super().__init__(UNAVAILABLE, message)
