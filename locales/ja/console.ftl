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
console-empty-list = まだ相談はありません。
console-anonymous = 匿名の保護者
console-unread = 未読 { $count } 件
console-parent-lang = 保護者の言語：{ $lang }
console-choose = 一覧から相談を選んでください。
console-back = 一覧に戻る
console-history-label = メッセージ
reply-label = 返信
console-reply-placeholder = 返信を書く…
