# スタッフの設定ページ（/console/settings、管理者のみ）。独立した wasm アプリなので、
# これらの文言はこのページだけが持ちます。ブラウザテストはこの名前で各項目を探します。

settings-title = { -brand } 設定
settings-loading = 読み込み中…
settings-back = 相談一覧に戻る
settings-logged-out = ログインしていません。スタッフ画面でログインしてから、もう一度設定を開いてください。
settings-log-in = ログインする
settings-not-admin = この設定を変更できるのは、団体の管理者だけです。
# 団体の設定：保護者の方に見える部分。
settings-organisation = 団体の設定
settings-intro = ホームページで保護者の方に見える、チャットの名前・あいさつ・色・ボタンの位置を設定できます。
settings-name-ja = 団体名（日本語）
settings-name-en = 団体名（英語）
settings-greeting-ja = あいさつ（日本語）
settings-greeting-en = あいさつ（英語）
settings-greeting-hint = 保護者の方が最初のメッセージを書く前に表示されます（{ $max }文字まで）。空欄にすると、標準のあいさつが表示されます。
settings-accent = テーマカラー
settings-accent-hint = 「#」に続けて16進数6桁で入力します（例：#b4532a）。チャットのボタンや送信ボタンの色になり、白い文字を重ねて表示します。
settings-side = ボタンの位置
settings-side-left = 左下
settings-side-right = 右下
settings-save = 設定を保存
settings-saved = 設定を保存しました。
settings-problem-name = 団体名を日本語と英語の両方で、それぞれ{ $max }文字以内で入力してください。
settings-problem-greeting = あいさつはそれぞれ{ $max }文字までです。短くしてください。
settings-problem-accent-format = テーマカラーは「#」に続けて16進数6桁で入力してください（例：#b4532a）。
settings-problem-accent-contrast = この色は明るすぎて、上に重ねる白い文字が読みにくくなります。もう少し濃い色を選んでください。
