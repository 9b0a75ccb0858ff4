# 保護者用ウィジェットとスタッフ画面で共通の文言。

-brand = よりそい

language-label = 言語
send = 送信
author-you = あなた
author-parent = 保護者
status-connecting = 接続しています…
status-offline = オフラインです。つながったら、書いたメッセージをお送りします
message-sending = 送信中…
message-failed = 送信できませんでした
chars-remaining = あと{ $count }文字
chars-over = { $count }文字オーバーしています
