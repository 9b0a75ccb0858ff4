# プライバシー（issue 13）：サーバーが保護者に向けて書く文。
# 「相談内容をダウンロード」で保存するやりとりの記録など。

transcript-title = { $organisation }とのご相談の記録
transcript-number = 相談番号：{ $number }
transcript-period = 期間：{ $first } 〜 { $last }
transcript-downloaded = { $date } に保存しました。ご自身が書いた内容が入っていますので、大切に保管してください。
transcript-you = あなた
transcript-empty = まだメッセージはありません。
