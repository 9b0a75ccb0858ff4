# The staff settings page (/console/settings, admins only): its own wasm app,
# so only it links these. The browser tests find the fields by these names.

settings-title = { -brand } settings
settings-loading = Loading…
settings-back = Back to conversations
settings-logged-out = You are not logged in. Please log in on the staff console, then open the settings again.
settings-log-in = Log in
settings-not-admin = Only your organisation's administrators can change these settings.
# The organisation section: what parents see.
settings-organisation = Organisation settings
settings-intro = What parents see on your website: the chat's name, its greeting, its colour and where its button sits.
settings-name-ja = Name (Japanese)
settings-name-en = Name (English)
settings-greeting-ja = Greeting (Japanese)
settings-greeting-en = Greeting (English)
settings-greeting-hint = Shown to parents before their first message, up to { $max } characters. Leave it empty for the standard welcome.
settings-accent = Accent colour
settings-accent-hint = A # and six hexadecimal digits, for example #b4532a. It colours the chat button and the Send button, with white text on top.
settings-side = Launcher side
settings-side-left = Left
settings-side-right = Right
settings-save = Save settings
settings-saved = Settings saved.
settings-problem-name = Please enter the name in both Japanese and English, up to { $max } characters each.
settings-problem-greeting = Each greeting can be up to { $max } characters. Please shorten it.
settings-problem-accent-format = Please enter the colour as a # and six hexadecimal digits, for example #b4532a.
settings-problem-accent-contrast = This colour is too light: white text on it would be hard to read. Please choose a darker colour.
