"""The demo site's own words: crisis lines, the About, Privacy and Crisis resources pages, the
navigation and footer, in English (the source), German and Indonesian.

Rich text uses the subset the blocks allow. `{crisis}` in a text is replaced by an internal link
to the crisis resources page of the same language.

Crisis numbers are well-known public numbers (CONTENT.md); they are seeded unconfirmed, and an
operator must confirm each one for the region the site serves before going live.
"""

CRISIS_LINES = {
    "en": [
        {
            "name": "Emergency number 112",
            "number": "112",
            "description": "For a medical emergency or when a life is in danger. 112 works across "
            "the European Union, including Germany, and in Indonesia. Elsewhere, call your local "
            "emergency number.",
            "hours": "24 hours a day",
        },
    ],
    "de": [
        {
            "name": "Notruf 112",
            "number": "112",
            "description": "Rettungsdienst und Feuerwehr, wenn ein Leben in Gefahr ist. Kostenlos "
            "von jedem Telefon, in ganz Deutschland und in der EU.",
            "hours": "rund um die Uhr",
        },
        {
            "name": "TelefonSeelsorge",
            "number": "0800 111 0 111",
            "description": "Anonym, kostenfrei und vertraulich: ein Gespräch in einer Krise, bei "
            "Sorgen oder bei Gedanken an Suizid. Auch für Menschen, die sich um jemanden sorgen.",
            "hours": "rund um die Uhr",
            "url": "https://www.telefonseelsorge.de/",
        },
        {
            "name": "TelefonSeelsorge",
            "number": "0800 111 0 222",
            "description": "Die zweite kostenfreie Nummer der TelefonSeelsorge, mit demselben "
            "Angebot. Ist eine Leitung besetzt, versuch es bei der anderen.",
            "hours": "rund um die Uhr",
            "url": "https://www.telefonseelsorge.de/",
        },
    ],
    "id": [
        {
            "name": "Nomor darurat 112",
            "number": "112",
            "description": "Layanan panggilan darurat untuk keadaan yang mengancam nyawa. Gratis "
            "dari telepon mana pun, tersedia di banyak kota dan kabupaten.",
            "hours": "24 jam",
        },
        {
            "name": "Layanan gawat darurat kesehatan 119",
            "number": "119",
            "description": "Layanan gawat darurat kesehatan. Pilih ekstensi 8 untuk dukungan "
            "kesehatan jiwa.",
            "hours": "24 jam",
        },
    ],
}

SUPPORT_EMAIL = "support@sebaya.example"

# Each page: slug per language, title, intro and body (StreamField data for PageStreamBlock).
CRISIS_PAGE = {
    "en": {
        "slug": "crisis-resources",
        "title": "Crisis resources",
        "search_description": "Where to get help now, and what to do when you support someone "
        "in crisis.",
        "intro": "If someone's life is in danger, call the emergency number now. This page lists "
        "the lines for immediate help and what to do while you wait.",
        "body": [
            (
                "crisis_resources",
                {
                    "intro": "<p>These lines are for people in crisis and for the people who "
                    "support them. You can call on someone's behalf, or stay with them while "
                    "they call.</p>"
                },
            ),
            (
                "text",
                "<h2>If you are supporting someone in crisis</h2>"
                "<ul>"
                "<li>Stay calm and stay with them. Do not leave a person at immediate risk "
                "alone.</li>"
                "<li>Ask directly about their safety, in plain words. Asking about suicide does "
                "not put the idea into someone's head; it tells them they can talk about it.</li>"
                "<li>Connect them with emergency services or a crisis line, and with their own "
                "professional support if they have it.</li>"
                "<li>Afterwards, talk it through with your coordinator or supervisor.</li>"
                "</ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "title": "You are not on call alone",
                    "text": "<p>Peer supporters do not handle a risk to life alone. Bringing in "
                    "professional help is part of the role, not a failure of it.</p>",
                },
            ),
            (
                "key_points",
                {
                    "title": "Key points",
                    "points": [
                        "When a life is in danger, call the emergency number first.",
                        "Stay with the person and ask directly about their safety.",
                        "Hand over warmly to professionals, then debrief with your supervisor.",
                    ],
                },
            ),
        ],
    },
    "de": {
        "slug": "krisenhilfe",
        "title": "Hilfe in der Krise",
        "search_description": "Wo es jetzt Hilfe gibt und was zu tun ist, wenn du jemanden in "
        "einer Krise begleitest.",
        "intro": "Ist ein Leben in Gefahr, ruf jetzt den Notruf. Hier findest du die Nummern "
        "für sofortige Hilfe und was du tun kannst, bis Hilfe da ist.",
        "body": [
            (
                "crisis_resources",
                {
                    "intro": "<p>Diese Nummern sind für Menschen in einer Krise und für die, die "
                    "sie begleiten. Du kannst für jemanden anrufen oder bei der Person bleiben, "
                    "während sie selbst anruft.</p>"
                },
            ),
            (
                "text",
                "<h2>Wenn du jemanden in einer Krise begleitest</h2>"
                "<ul>"
                "<li>Bleib ruhig und bleib da. Lass niemanden allein, der in unmittelbarer "
                "Gefahr ist.</li>"
                "<li>Frag direkt und in klaren Worten nach der Sicherheit. Wer nach "
                "Suizidgedanken fragt, bringt niemanden erst auf die Idee; die Frage zeigt, dass "
                "darüber gesprochen werden darf.</li>"
                "<li>Stell den Kontakt zum Rettungsdienst oder zu einem Krisentelefon her, "
                "und zu der professionellen Hilfe, die die Person schon hat.</li>"
                "<li>Sprich danach mit deiner Koordination oder in der Supervision darüber.</li>"
                "</ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "title": "Du trägst das nicht allein",
                    "text": "<p>Peer-Begleiter:innen gehen mit einer Gefahr für das Leben nie "
                    "allein um. Professionelle Hilfe dazuzuholen gehört zur Rolle und ist kein "
                    "Scheitern.</p>",
                },
            ),
            (
                "key_points",
                {
                    "title": "Das Wichtigste",
                    "points": [
                        "Ist ein Leben in Gefahr, ruf zuerst den Notruf 112.",
                        "Bleib bei der Person und frag direkt nach ihrer Sicherheit.",
                        "Übergib behutsam an Fachleute und sprich danach in der Supervision "
                        "darüber.",
                    ],
                },
            ),
        ],
    },
    "id": {
        "slug": "bantuan-krisis",
        "title": "Bantuan saat krisis",
        "search_description": "Ke mana mencari bantuan sekarang, dan apa yang dilakukan saat "
        "mendampingi seseorang dalam krisis.",
        "intro": "Jika nyawa seseorang dalam bahaya, hubungi nomor darurat sekarang. Halaman ini "
        "berisi layanan untuk bantuan segera dan apa yang bisa Anda lakukan sambil menunggu.",
        "body": [
            (
                "crisis_resources",
                {
                    "intro": "<p>Layanan ini untuk orang yang sedang dalam krisis dan untuk "
                    "orang yang mendampinginya. Anda boleh menelepon atas nama seseorang, atau "
                    "menemaninya saat ia menelepon sendiri.</p>"
                },
            ),
            (
                "text",
                "<h2>Jika Anda mendampingi seseorang dalam krisis</h2>"
                "<ul>"
                "<li>Tetap tenang dan tetap bersamanya. Jangan tinggalkan sendirian orang yang "
                "berada dalam bahaya langsung.</li>"
                "<li>Tanyakan langsung tentang keselamatannya, dengan kata-kata yang jelas. "
                "Bertanya tentang pikiran bunuh diri tidak menanamkan gagasan itu; pertanyaan "
                "itu menunjukkan bahwa hal ini boleh dibicarakan.</li>"
                "<li>Hubungkan ia dengan layanan darurat atau layanan krisis, dan dengan tenaga "
                "profesional yang sudah mendampinginya, jika ada.</li>"
                "<li>Setelahnya, bicarakan pengalaman itu dengan koordinator atau supervisor "
                "Anda.</li>"
                "</ul>",
            ),
            (
                "callout",
                {
                    "tone": "warning",
                    "title": "Anda tidak menanggungnya sendirian",
                    "text": "<p>Pendukung sebaya tidak menangani sendirian keadaan yang "
                    "mengancam nyawa. Melibatkan bantuan profesional adalah bagian dari peran "
                    "ini, bukan tanda kegagalan.</p>",
                },
            ),
            (
                "key_points",
                {
                    "title": "Poin penting",
                    "points": [
                        "Jika nyawa dalam bahaya, hubungi nomor darurat lebih dulu.",
                        "Tetap bersama orang itu dan tanyakan langsung tentang keselamatannya.",
                        "Serahkan dengan hangat kepada tenaga profesional, lalu bicarakan "
                        "pengalaman itu dalam supervisi.",
                    ],
                },
            ),
        ],
    },
}

ABOUT_PAGE = {
    "en": {
        "slug": "about",
        "title": "About Sebaya",
        "search_description": "What peer support is, and how Sebaya trains and certifies peer "
        "supporters.",
        "intro": "Sebaya trains and certifies peer supporters: people who use their own lived "
        "experience of mental-health or life challenges to support others, on an equal footing.",
        "body": [
            (
                "text",
                "<h2>What peer support is</h2>"
                "<p>Peer support is help between people who share a similar lived experience. A "
                "peer supporter is not a therapist or a counsellor. They listen, share what "
                "helped them when that helps the other person, and walk alongside them as an "
                "equal.</p>"
                "<p>Peer support works together with professional care. It does not replace it."
                "</p>"
                "<h2>Who Sebaya is for</h2>"
                "<ul>"
                "<li><strong>Trainees</strong> take the courses in the browser, often on a "
                "phone, and receive a credential that anyone can check.</li>"
                "<li><strong>Editors and clinical reviewers</strong> write and check the "
                "training in several languages. Nothing is published without a clinical review."
                "</li>"
                "<li><strong>Partner organisations</strong> such as NGOs, clinics, schools, "
                "crisis lines and peer teams enrol their supporters and check their credentials."
                "</li>"
                "</ul>"
                "<h2>How the training is written</h2>"
                "<p>The courses are written in English, German and Indonesian, each adapted to "
                "its readers. Every module that touches distress says when and how to involve "
                "professional help, and modules on difficult topics begin with a content note."
                "</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Not a crisis service",
                    "text": "<p>Sebaya is a place to learn. If you or someone you support needs "
                    "help now, see {crisis}.</p>",
                },
            ),
        ],
    },
    "de": {
        "slug": "ueber-sebaya",
        "title": "Über Sebaya",
        "search_description": "Was Peer-Unterstützung ist und wie Sebaya Peer-Begleiter:innen "
        "schult und zertifiziert.",
        "intro": "Sebaya schult und zertifiziert Peer-Begleiter:innen: Menschen, die ihre eigene "
        "Erfahrung mit psychischen Krisen oder schweren Lebenslagen nutzen, um andere auf "
        "Augenhöhe zu unterstützen.",
        "body": [
            (
                "text",
                "<h2>Was Peer-Unterstützung ist</h2>"
                "<p>Peer-Unterstützung ist Hilfe zwischen Menschen mit ähnlicher eigener "
                "Erfahrung. Peer-Begleiter:innen sind keine Therapeut:innen und keine "
                "Berater:innen. Sie hören zu, erzählen von dem, was ihnen geholfen hat, wenn es "
                "dem Gegenüber dient, und gehen ein Stück des Weges gleichberechtigt mit.</p>"
                "<p>Peer-Unterstützung ergänzt professionelle Hilfe. Sie ersetzt sie nicht.</p>"
                "<h2>Für wen Sebaya da ist</h2>"
                "<ul>"
                "<li><strong>Teilnehmende</strong> lernen im Browser, oft auf dem Handy, und "
                "erhalten einen Nachweis, den jede und jeder prüfen kann.</li>"
                "<li><strong>Redaktion und fachliche Prüfung</strong> schreiben und prüfen die "
                "Schulung in mehreren Sprachen. Nichts wird ohne fachliche Prüfung "
                "veröffentlicht.</li>"
                "<li><strong>Partnerorganisationen</strong> wie Vereine, Kliniken, Schulen, "
                "Krisentelefone und Peer-Teams melden ihre Peer-Begleiter:innen an und prüfen "
                "deren Nachweise.</li>"
                "</ul>"
                "<h2>Wie die Schulung entsteht</h2>"
                "<p>Die Kurse gibt es auf Englisch, Deutsch und Indonesisch, jeweils für ihre "
                "Leserinnen und Leser angepasst. Jedes Modul, das seelische Not berührt, sagt, "
                "wann und wie professionelle Hilfe dazukommt, und Module zu schweren Themen "
                "beginnen mit einem Inhaltshinweis.</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Kein Krisendienst",
                    "text": "<p>Sebaya ist ein Ort zum Lernen. Wenn du oder jemand, den du "
                    "begleitest, jetzt Hilfe braucht, findest du sie unter {crisis}.</p>",
                },
            ),
        ],
    },
    "id": {
        "slug": "tentang-sebaya",
        "title": "Tentang Sebaya",
        "search_description": "Apa itu dukungan sebaya, dan bagaimana Sebaya melatih serta "
        "menyertifikasi pendukung sebaya.",
        "intro": "Sebaya melatih dan menyertifikasi pendukung sebaya: orang yang memakai "
        "pengalaman hidupnya sendiri dengan masalah kesehatan jiwa atau kesulitan hidup untuk "
        "mendukung orang lain secara setara.",
        "body": [
            (
                "text",
                "<h2>Apa itu dukungan sebaya</h2>"
                "<p>Dukungan sebaya adalah bantuan di antara orang-orang yang memiliki "
                "pengalaman hidup serupa. Pendukung sebaya bukan terapis dan bukan konselor. Ia "
                "mendengarkan, berbagi apa yang dulu membantunya jika itu berguna bagi orang "
                "lain, dan berjalan bersama sebagai teman yang setara.</p>"
                "<p>Dukungan sebaya berjalan bersama layanan profesional, bukan menggantikannya."
                "</p>"
                "<h2>Untuk siapa Sebaya</h2>"
                "<ul>"
                "<li><strong>Peserta pelatihan</strong> mengikuti kursus lewat peramban, sering "
                "kali di ponsel, dan menerima kredensial yang bisa diperiksa siapa saja.</li>"
                "<li><strong>Editor dan peninjau klinis</strong> menulis dan memeriksa materi "
                "dalam beberapa bahasa. Tidak ada yang diterbitkan tanpa tinjauan klinis.</li>"
                "<li><strong>Organisasi mitra</strong> seperti LSM, klinik, sekolah, layanan "
                "krisis, dan tim sebaya mendaftarkan pendukung sebayanya dan memeriksa "
                "kredensial mereka.</li>"
                "</ul>"
                "<h2>Bagaimana materi ditulis</h2>"
                "<p>Kursus ditulis dalam bahasa Inggris, Jerman, dan Indonesia, masing-masing "
                "disesuaikan dengan pembacanya. Setiap modul yang menyentuh tekanan batin "
                "menjelaskan kapan dan bagaimana melibatkan bantuan profesional, dan modul "
                "tentang topik yang berat diawali dengan catatan isi.</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Bukan layanan krisis",
                    "text": "<p>Sebaya adalah tempat belajar. Jika Anda atau orang yang Anda "
                    "dampingi membutuhkan bantuan sekarang, lihat {crisis}.</p>",
                },
            ),
        ],
    },
}

PRIVACY_PAGE = {
    "en": {
        "slug": "privacy",
        "title": "Privacy",
        "search_description": "What Sebaya keeps about you, who can see it, and what you can do "
        "about it.",
        "intro": "What we keep about you, why, who can see it, and what you can do about it.",
        "body": [
            (
                "text",
                "<h2>What we keep</h2>"
                "<p>For your account we keep your name, your e-mail address and the language "
                "you read in. We also keep your progress in the courses, your assessment "
                "results and the credentials you earn, because that is what the service is for."
                "</p>"
                "<p>We never ask about your own health. Many peer supporters have lived "
                "experience of mental illness; that experience is yours, and the training does "
                "not need a record of it.</p>"
                "<h2>Who can see what</h2>"
                "<ul>"
                "<li>The public page of a credential shows the name you chose to show, the "
                "programme and its dates.</li>"
                "<li>A partner organisation you belong to sees your progress and credentials "
                "only if you have agreed to share them with that organisation.</li>"
                "<li>Every check of your credential is logged, and you can see who checked it."
                "</li>"
                "</ul>"
                "<h2>What you can do</h2>"
                "<p>From your account page you can change your language, download a copy of "
                "your data and delete your account.</p>"
                "<h2>Questions</h2>"
                "<p>Write to the organisation that runs this site. Its e-mail address is at the "
                "bottom of every page.</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Before going live",
                    "text": "<p>This page describes how Sebaya handles personal data. The "
                    "organisation that runs a Sebaya site adds its own name, the legal basis "
                    "for processing and its contact details here before the site goes live.</p>",
                },
            ),
        ],
    },
    "de": {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "search_description": "Was Sebaya über dich speichert, wer es sehen kann und was du tun "
        "kannst.",
        "intro": "Was wir über dich speichern, warum, wer es sehen kann und was du tun kannst.",
        "body": [
            (
                "text",
                "<h2>Was wir speichern</h2>"
                "<p>Für dein Konto speichern wir deinen Namen, deine E-Mail-Adresse und die "
                "Sprache, in der du liest. Außerdem speichern wir deinen Fortschritt in den "
                "Kursen, deine Prüfungsergebnisse und deine Nachweise, denn dafür ist der Dienst "
                "da.</p>"
                "<p>Nach deiner eigenen Gesundheit fragen wir nie. Viele Peer-Begleiter:innen "
                "haben eigene Erfahrung mit psychischen Erkrankungen; diese Erfahrung gehört "
                "dir, und die Schulung braucht keine Aufzeichnung darüber.</p>"
                "<h2>Wer was sehen kann</h2>"
                "<ul>"
                "<li>Die öffentliche Seite eines Nachweises zeigt den Namen, den du zeigen "
                "möchtest, das Programm und die Daten.</li>"
                "<li>Eine Partnerorganisation, der du angehörst, sieht deinen Fortschritt und "
                "deine Nachweise nur, wenn du zugestimmt hast, sie mit ihr zu teilen.</li>"
                "<li>Jede Prüfung deines Nachweises wird protokolliert, und du kannst sehen, wer "
                "ihn geprüft hat.</li>"
                "</ul>"
                "<h2>Was du tun kannst</h2>"
                "<p>Auf deiner Kontoseite kannst du deine Sprache ändern, eine Kopie deiner Daten "
                "herunterladen und dein Konto löschen.</p>"
                "<h2>Fragen</h2>"
                "<p>Schreib der Organisation, die diese Website betreibt. Ihre "
                "E-Mail-Adresse steht unten auf jeder Seite.</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Vor dem Start",
                    "text": "<p>Diese Seite beschreibt, wie Sebaya mit personenbezogenen Daten "
                    "umgeht. Die Organisation, die eine Sebaya-Website betreibt, ergänzt hier vor "
                    "dem Start ihren Namen, die Rechtsgrundlage der Verarbeitung und ihre "
                    "Kontaktdaten.</p>",
                },
            ),
        ],
    },
    "id": {
        "slug": "privasi",
        "title": "Privasi",
        "search_description": "Data apa yang disimpan Sebaya tentang Anda, siapa yang bisa "
        "melihatnya, dan apa yang bisa Anda lakukan.",
        "intro": "Data apa yang kami simpan tentang Anda, mengapa, siapa yang bisa melihatnya, "
        "dan apa yang bisa Anda lakukan.",
        "body": [
            (
                "text",
                "<h2>Apa yang kami simpan</h2>"
                "<p>Untuk akun Anda, kami menyimpan nama, alamat e-mail, dan bahasa yang Anda "
                "pakai. Kami juga menyimpan kemajuan Anda dalam kursus, hasil asesmen, dan "
                "kredensial yang Anda peroleh, karena itulah tujuan layanan ini.</p>"
                "<p>Kami tidak pernah menanyakan kesehatan Anda sendiri. Banyak pendukung sebaya "
                "memiliki pengalaman hidup dengan gangguan jiwa; pengalaman itu milik Anda, dan "
                "pelatihan ini tidak memerlukan catatan tentangnya.</p>"
                "<h2>Siapa yang bisa melihat apa</h2>"
                "<ul>"
                "<li>Halaman publik sebuah kredensial menampilkan nama yang Anda pilih untuk "
                "ditampilkan, programnya, dan tanggalnya.</li>"
                "<li>Organisasi mitra tempat Anda bergabung hanya melihat kemajuan dan "
                "kredensial Anda jika Anda setuju membagikannya kepada organisasi itu.</li>"
                "<li>Setiap pemeriksaan kredensial Anda dicatat, dan Anda bisa melihat siapa "
                "yang memeriksanya.</li>"
                "</ul>"
                "<h2>Apa yang bisa Anda lakukan</h2>"
                "<p>Dari halaman akun, Anda bisa mengganti bahasa, mengunduh salinan data Anda, "
                "dan menghapus akun Anda.</p>"
                "<h2>Pertanyaan</h2>"
                "<p>Kirim e-mail kepada organisasi yang mengelola situs ini. Alamat e-mailnya "
                "ada di bagian bawah setiap halaman.</p>",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "title": "Sebelum situs dibuka untuk umum",
                    "text": "<p>Halaman ini menjelaskan cara Sebaya menangani data pribadi. "
                    "Organisasi yang mengelola situs Sebaya menambahkan namanya, dasar hukum "
                    "pemrosesan data, dan kontaknya di sini sebelum situs dibuka untuk umum.</p>",
                },
            ),
        ],
    },
}

# Pages in the order they are created (the crisis page first: others link to it).
PAGES = {"crisis": CRISIS_PAGE, "about": ABOUT_PAGE, "privacy": PRIVACY_PAGE}

HOME_FEATURED_HEADING = {"en": "Start here", "de": "Hier beginnen", "id": "Mulai dari sini"}
HOME_FEATURED = [
    (
        "about",
        {
            "en": "What peer support is, and who Sebaya is for.",
            "de": "Was Peer-Unterstützung ist und für wen Sebaya da ist.",
            "id": "Apa itu dukungan sebaya, dan untuk siapa Sebaya.",
        },
    ),
    (
        "crisis",
        {
            "en": "Where to get help now.",
            "de": "Wo es jetzt Hilfe gibt.",
            "id": "Ke mana mencari bantuan sekarang.",
        },
    ),
]

# Navigation: the main menu and footer links name pages by their key in PAGES.
MAIN_MENU = ["about", "crisis"]
FOOTER_MENU = ["about", "privacy", "crisis"]
FOOTER_TEXT = {
    "en": "<p>Sebaya is a place to learn peer support. It is not a crisis service.</p>",
    "de": "<p>Sebaya ist ein Ort, um Peer-Unterstützung zu lernen. Es ist kein Krisendienst.</p>",
    "id": "<p>Sebaya adalah tempat belajar dukungan sebaya, bukan layanan krisis.</p>",
}
