# ホストページに出るランチャーボタンとパネル（public/widget.js）。
loader-open = チャットを開く
loader-close = チャットを閉じる
loader-frame-title = 子育て相談チャット
loader-loading = チャットを開いています…
loader-unavailable = ただいまチャットにつながりません。少し時間をおいて、もう一度お試しください。
loader-refused = このサイトではチャットをご利用いただけません。
# 未読の返信があるときのランチャーの名前。{ $count } は件数（どの件数にも同じ形を使います）。
loader-open-unread = チャットを開く（新しい返信 { $count } 件）
