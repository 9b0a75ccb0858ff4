# サーバー専用（server/src/consent_cards.rs 参照）。wasm アプリのビルドが読む locales/ja/ には置きません。
# スタッフが体験談の共有について同意をお願いするカード。
consent-heading = 体験談の共有についてのお願い
consent-explain = 同じように悩む方に「ひとりじゃない」と届けるため、下の文章をSNSなどで紹介させていただけないでしょうか。お名前や地名など、あなたと分かることは伏せてあります。あなたが承認しない限り公開しません。承認したあとでも取り消せます。
consent-short = 短い文章
consent-long = 全文
consent-approve = 承認する
consent-decline = お断りする
consent-approved = ご協力ありがとうございます。この文章の共有に同意いただきました。いつでも取り消せます。
consent-withdraw = 同意を取り消す
consent-declined = お断りを承りました。この文章が共有されることはありません。
consent-withdrawn = 同意を取り消しました。今後、この文章が共有されることはありません。
