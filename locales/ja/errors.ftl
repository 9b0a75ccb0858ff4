# サーバーからのエラーコード（と同じ内容の手元チェック）。ErrorCode::fluent_id() ごとに一つ。

error-empty-message = メッセージを書いてから送ってくださいね。
error-message-too-long = メッセージが長すぎます。いくつかに分けて送ってください。
error-nickname-too-long = ニックネームが長すぎます。短くしてください。
error-malformed-frame = うまく送れませんでした。もう一度お試しください。
error-hello-first = 接続の準備ができていませんでした。つなぎ直しています…
error-unknown-token = 前回のやりとりが見つからなかったため、新しく始めます。
error-bad-token = チャットの情報が壊れていたため、新しく始めます。
error-unknown-conversation = この相談は見つかりませんでした。
error-bad-client-id = うまく送れませんでした。もう一度お試しください。
error-bad-credentials = メールアドレスまたはパスワードが正しくありません。
error-unauthorized = ログインの有効期限が切れました。もう一度ログインしてください。
error-rate-limited = いま続けてたくさん送られています。少し時間をおいてから、もう一度お試しください。
error-foreign-origin = このページからはチャットを使えません。団体の公式サイトから開いてください。
error-internal = サーバー側で問題が起き、メッセージを保存できませんでした。もう一度お試しください。
error-forbidden = この操作は団体の管理者だけが行えます。
error-invalid-settings = この設定は保存できませんでした。各項目を確かめて、もう一度お試しください。
