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
# ヘッダーから設定ページへのリンク（自分のプロフィールと対応時間。管理者は団体の設定も）。
# ブラウザテストはこの名前でたどります。
console-settings = プロフィールと設定
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
console-search = 検索
console-search-placeholder = 本文・ニックネーム・#番号
console-searching = 検索しています…
console-found-none = 検索に当てはまる相談はありません。
console-filter = 絞り込み
console-filter-all = すべて
console-filter-mine = 自分の担当
console-filter-asked = 自分へのご指名
console-filter-unassigned = 担当者なし
console-state = 未解決・解決済み
console-state-open = 未解決
console-state-resolved = 解決済み
console-state-both = 両方
console-filter-empty = この条件に当てはまる相談はありません。
console-order = 並べ方
console-order-newest = 新しい順
console-order-waiting = 長くお待たせしている順
console-assigned = 担当：{ $name }さん
console-assigned-you = あなたが担当しています
console-resolved-mark = 解決済み
console-assign = 担当する
console-take-over = 担当を引き継ぐ
console-hand-back = 担当を外れる
console-resolve = 解決済みにする
console-reopen = 未解決に戻す
console-notes =
    { $count ->
        [0] 内部メモ
       *[other] 内部メモ（{ $count }件）
    }
console-note = 内部メモ
console-note-hint = メモはスタッフだけが読めます。相談者には届きません。
console-note-add = メモを残す
console-labels = ラベル
console-labels-placeholder = ラベル（「、」で区切って入力）
# 返信欄の横の定型文：ボタン（一覧の名前も。ブラウザテストはこの名前で押します）と、空のときの一覧。
canned-open = 定型文
canned-none = まだ定型文がありません。「プロフィールと設定」から追加できます。
alerts-toggle = 通知音とお知らせ
alerts-allow = お知らせを許可する
alerts-quiet = おやすみ時間中のため、音は鳴りません
alerts-new-message = 保護者の方から新しいメッセージが届きました
alerts-overdue = { $hours }時間お返事を待っている方がいます：{ $names }
console-danger = 危険のサイン
alerts-danger = 危険を感じさせる言葉が届いています：{ $names }。まずこちらにお返事を。
console-send-help = 緊急連絡先を送る
console-propose-case = 事例として提案
alerts-dismiss = 閉じる
alerts-log = お知らせの記録
