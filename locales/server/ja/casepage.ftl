# サーバー専用：コンソールの事例ページ（`/console/cases`、server/src/case_page.rs）。
# サーバーが書くので、コンソールの wasm には何も増えません。wasm アプリのビルドが読む
# locales/ja/ には置きません。

casepage-title = 共有する事例
casepage-intro = 保護者の方の同意を得て共有するご相談です。保護者の方が文面を承認し、別のスタッフがレビューするまで、書き出すことはできません。
casepage-back = コンソールに戻る
casepage-language = 言語
casepage-all = すべての事例
casepage-of-conversation = 相談 { $number } の事例
casepage-none = まだ事例はありません。
casepage-none-here = この相談には、まだ事例がありません。
casepage-propose = 事例として提案
casepage-proposing = 事例の下書きを作っています…
casepage-unknown-conversation = この相談は見つかりませんでした。

# 事例の見出しと、その事例について。
casepage-case-of = 相談 { $number }
casepage-case-of-nickname = 相談 { $number }・{ $nickname }
casepage-status = 状態：{ $status }
casepage-status-draft = 下書き（保護者の方はまだ見ていません）
casepage-status-sent = 保護者の方のお返事待ち
casepage-status-approved = 保護者の方が承認
casepage-status-declined = 保護者の方がお断り
casepage-status-withdrawn = 保護者の方が同意を取り消し
casepage-proposed-by = { $date } に { $name } さんが提案
casepage-reviewed-by = { $name } さんがレビュー済み
casepage-not-reviewed = まだレビューされていません
casepage-former-staff = 以前のスタッフ
casepage-language-of-case = 文面の言語：{ $language }
casepage-language-ja = 日本語
casepage-language-en = 英語

# 文面と、スタッフができること。
casepage-short = 短い文面（SNS への投稿用、{ $max } 文字まで）
casepage-long = 長い文面
casepage-hide = ほかに伏せる言葉（検出できなかった呼び名など。読点かカンマで区切ります）
casepage-redaction-note = 個人情報はすでに伏せてあります。書き直したり、さらに伏せたりはできますが、伏せたものを戻すことはできません。
casepage-save = 変更を保存
casepage-send = 保護者に確認を依頼
casepage-review = レビューを承認
casepage-review-own = この事例はあなたが提案したため、別のスタッフがレビューします。
casepage-export = 書き出す
casepage-export-short = 投稿する短い文面
casepage-export-long = 投稿する長い文面

casepage-copied = コピーしました。
casepage-copy-failed = コピーできませんでした。文面を選んでコピーしてください。
casepage-working = 処理しています…
casepage-failed = うまくいきませんでした。もう一度お試しください。
casepage-signed-out = ログインの有効期限が切れました。もう一度コンソールにログインしてください。

# 保護者の方のお返事と、記録（監査ログ）。
casepage-decision = 保護者の方のお返事
casepage-decision-none = 保護者の方のお返事はまだです。
casepage-decision-unsent = まだ保護者の方にお送りしていません。
casepage-decision-approved = { $date } に承認
casepage-decision-declined = { $date } にお断り
casepage-decision-withdrawn = { $date } に同意を取り消し
casepage-trail = 記録（時刻は { $zone }）
casepage-trail-entry = { $step }・{ $actor }
casepage-zone-tokyo = 日本時間
casepage-copy-short = 短い文面をコピー
casepage-copy-long = 長い文面をコピー
