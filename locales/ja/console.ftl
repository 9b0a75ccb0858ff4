# スタッフ画面。

console-title = { -brand } スタッフ画面
login-heading = スタッフログイン
login-email = メールアドレス
login-password = パスワード
login-submit = ログイン
logout = ログアウト
console-signed-in = { $name } さんでログイン中
console-loading = 読み込み中…
console-conversations = 相談一覧
console-workspace = 保護者の方との相談
console-empty-list = まだ相談はありません。
console-more-conversations = 以前の相談をもっと見る
console-anonymous = 匿名の保護者
# 保護者が自分で付けた名前であることを示す目印（スタッフ名と区別するため）。
console-nickname = ニックネーム
console-unread = 未読 { $count } 件
console-parent-lang = 保護者の言語：{ $lang }
console-choose = 一覧から相談を選んでください。
console-back = 一覧に戻る
console-history-label = メッセージ
reply-label = 返信
console-reply-placeholder = 返信を書く…
logout-all = すべての端末でログアウト
logout-all-failed = すべての端末でのログアウトができませんでした。接続を確かめて、もう一度お試しください。
login-session-ended = ログインの有効期限が切れました。もう一度ログインしてください。
login-logged-out-everywhere = すべての端末でログアウトしました。
login-rate-limited = ログインの試行が多すぎます。数分待ってから、もう一度お試しください。
# 団体の設定（管理者のみ）。ブラウザテストはこの名前で各項目を探します。
settings-open = 団体の設定
settings-back = 相談一覧に戻る
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
# キーボード操作（issue 14）：ヘッダーのボタンと、開く一覧（1行に1つ、キーが先）。
shortcuts-open = キーボード操作
shortcuts-list =
    Alt+Shift+N（Mac は Option+Shift+N）：いちばん長く返信を待っている相談を開く
    Enter：返信を送る · Shift+Enter：改行
    ?：この一覧 · Esc：閉じる
