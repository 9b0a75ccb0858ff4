# Error codes from the server (and the same checks made locally), one message
# per `ErrorCode::fluent_id()`.

error-empty-message = Please write something before sending.
error-message-too-long = This message is too long. Please split it into shorter messages.
error-nickname-too-long = That nickname is too long. Please shorten it.
error-nickname-not-allowed = Nicknames can't include words such as "staff", "admin" or "official", so that no one mistakes a parent for the team. Please choose another nickname.
error-malformed-frame = Something went wrong sending that. Please try again.
error-hello-first = The connection was not ready. Reconnecting…
error-unknown-token = We couldn't find your earlier conversation, so a new one will start.
error-bad-token = Your chat link was damaged, so a new conversation will start.
error-unknown-conversation = This conversation no longer exists.
error-bad-client-id = Something went wrong sending that. Please try again.
error-bad-credentials = The email or password is not correct.
error-unauthorized = Your session has ended. Please log in again.
error-rate-limited = You're sending a lot right now — please wait a moment and try again.
error-foreign-origin = This chat can't be used from this page. Please open it from the organisation's own website.
error-busy-network = Many conversations are starting from your network just now. Please try again in a few minutes.
error-internal = Something went wrong on our side and the message was not saved. Please try again.
error-forbidden = Only an organisation admin can do this.
error-invalid-settings = These settings can't be saved. Please check each field and try again.
error-unknown-code = That code was not found. Please check it and try again; a newer code replaces an older one.
