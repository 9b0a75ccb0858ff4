# ホストページに出るランチャーボタンとパネル（public/widget.js）。
loader-open = チャットを開く
loader-close = チャットを閉じる
loader-frame-title = 子育て相談チャット
loader-loading = チャットを開いています…
loader-unavailable = ただいまチャットにつながりません。少し時間をおいて、もう一度お試しください。
loader-refused = このサイトではチャットをご利用いただけません。
