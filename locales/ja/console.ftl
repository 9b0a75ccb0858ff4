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
# ヘッダーから設定ページへのリンク（管理者のみ）。ブラウザテストはこの名前でたどります。
console-settings = 団体の設定
# キーボード操作（issue 14）：ヘッダーのボタンと、開く一覧（1行に1つ、キーが先）。
shortcuts-open = キーボード操作
shortcuts-list =
    Alt+Shift+N（Mac は Option+Shift+N）：いちばん長く返信を待っている相談を開く
    Enter：返信を送る · Shift+Enter：改行
    ?：この一覧 · Esc：閉じる
console-title-unread = ({ $count }) { $title }
console-parent-typing = { $name }が入力中…
presence-label = 対応状況
presence-online = 対応中
presence-away = 離席中
presence-offline = オフライン
console-for-you = あなたへのご指名
console-waiting-since = { $time }からお待ちです
console-parent-writes = { $lang }で書いています（画面は{ $screen }）
alerts-toggle = 通知音とお知らせ
alerts-allow = お知らせを許可する
alerts-quiet = おやすみ時間中のため、音は鳴りません
alerts-new-message = 保護者の方から新しいメッセージが届きました
alerts-overdue = { $hours }時間お返事を待っている方がいます：{ $names }
alerts-dismiss = 閉じる
alerts-log = お知らせの記録
