# 保護者用ウィジェットとスタッフ画面で共通の文言。

-brand = よりそい

language-label = 言語
send = 送信
author-you = あなた
author-parent = 保護者
status-connecting = 接続しています…
status-offline = オフラインです。つながったら、書いたメッセージをお送りします
status-reconnecting = 再接続しています…つながったら、書いたメッセージをお送りします
status-back = 再びつながりました
# 自分のメッセージに出る送信状態（ブラウザテストがこの文言そのものを確かめます）。
message-sending = 送信中…
message-sent = 送信済み
message-read = 既読
message-failed = 送信できませんでした
message-retry = 再送信
message-waiting = 送信待ち
message-cancel = 取り消す
# メッセージが待っている理由。自動でもう一度送るので、操作はいりません。
waiting-rate-limited = 続けて送られたので、少しあとに自動でお送りします。
waiting-busy-network = 同じネットワーク（施設のWi-Fiなど）から相談が集中しています。数分後に自動でお送りします。
waiting-server = サーバーで問題が起きました。自動でもう一度お送りします。
chars-remaining = あと{ $count }文字
chars-over = { $count }文字オーバーしています
# メッセージの時刻（issue 14）：24時間表示、今日でなければ日付も（$time は「18:47」）。
# 月の名前を順に、スペースで区切って。
time-months = 1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月
# $when は this-year か other（今日なら時刻だけ）、$month は time-months の中の名前。
message-time =
    { $when ->
        [this-year] { $month }{ $day }日 { $time }
       *[other] { $year }年{ $month }{ $day }日 { $time }
    }
# 状態のお知らせ（issue 14）：自分のメッセージの変化を、スクリーンリーダーに一度ずつ伝えます。
# 送信済み・既読は message-sent・message-read のまま、送れなかったものは状態（message-waiting
# か message-failed）のあとに理由を。
status-news-refused = { $state }。{ $reason }
