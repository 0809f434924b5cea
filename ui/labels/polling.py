"""Labels of the polling pages: polls, tables, weighting, IKM, open answers, report."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "poll.list": ("Daftar polling", "Polls"),
    "poll.none": (
        "Belum ada polling. Impor berkas hasil ekspor di bawah.",
        "No polls yet. Import an export file below.",
    ),
    "poll.import": ("Impor berkas", "Import a file"),
    "poll.file": (
        "Berkas CSV atau XLSX (Google Forms, KoboToolbox, LimeSurvey)",
        "CSV or XLSX file (Google Forms, KoboToolbox, LimeSurvey)",
    ),
    "poll.target": ("Impor ke", "Import into"),
    "poll.new": ("Polling baru", "New poll"),
    "poll.title": ("Judul polling", "Poll title"),
    "poll.unit": ("Unit", "Unit"),
    "poll.probability": (
        "Sampel probabilitas (desain dinyatakan oleh analis)",
        "Probability sample (design declared by the analyst)",
    ),
    "poll.record": ("Nomor rekaman SOP polling (opsional)", "Polling SOP record number (optional)"),
    "poll.detected": ("Terbaca", "Read as"),
    "poll.rows": ("responden", "respondents"),
    "poll.decimal_comma": ("desimal koma", "decimal comma"),
    "poll.decimal_point": ("desimal titik", "decimal point"),
    "poll.codebook": (
        "Buku kode: periksa dan ubah jenis, label dan urutan pilihan sebelum impor",
        "Codebook: check and edit types, labels and option order before importing",
    ),
    "poll.do_import": ("Impor", "Import"),
    "poll.imported": ("Tersimpan: polling", "Stored: poll"),
    "poll.wave": ("gelombang", "wave"),
    "poll.design_optin": ("non-probabilitas (opt-in)", "non-probability (opt-in)"),
    "poll.design_probability": ("probabilitas", "probability"),
    "topline.pick": ("Polling", "Poll"),
    "topline.wave": ("Gelombang", "Wave"),
    "topline.all_waves": ("Semua gelombang", "All waves"),
    "topline.weight": ("Bobot", "Weight"),
    "topline.unweighted": ("Tanpa bobot", "Unweighted"),
    "topline.disclosure_optin": (
        (
            "Polling ini memakai sampel non-probabilitas (opt-in): responden memilih sendiri untuk "
            "ikut, sehingga margin of error tidak dapat dihitung dan tidak ditampilkan. Angka "
            "menggambarkan responden, bukan seluruh populasi; n efektif dan efek desain menunjukkan"
            " dampak pembobotan."
        ),
        (
            "This poll uses a non-probability (opt-in) sample: respondents chose to take part, so "
            "no margin of error can be computed and none is shown. The figures describe the "
            "respondents, not the whole population; effective n and the design effect show what "
            "weighting costs."
        ),
    ),
    "topline.disclosure_probability": (
        "Analis menyatakan desain sampel probabilitas: interval kepercayaan 95% ditampilkan.",
        "The analyst declared a probability sample design: 95% confidence intervals are shown.",
    ),
    "topline.likert": (
        "Skala Likert, diurutkan menurut selisih setuju (top-2 dikurangi bottom-2)",
        "Likert questions, sorted by net agreement (top-2 minus bottom-2)",
    ),
    "topline.none": (
        "Polling ini belum memiliki pertanyaan tertutup.",
        "This poll has no closed questions yet.",
    ),
    "topline.csv": ("Unduh CSV (tabel rapi)", "Download CSV (tidy table)"),
    "topline.xlsx": (
        "Unduh XLSX (satu lembar per pertanyaan)",
        "Download XLSX (one sheet per question)",
    ),
    "ikm.method": ("Metode", "Method"),
    "ikm.method_2017": ("Permenpan RB 14/2017 (9 unsur)", "Permenpan RB 14/2017 (9 unsur)"),
    "ikm.method_2004": ("Kepmenpan 25/2004 (14 unsur)", "Kepmenpan 25/2004 (14 unsur)"),
    "ikm.weight": ("Bobot unsur", "Unsur weight"),
    "ikm.weight_exact": ("Tepat (1/jumlah unsur)", "Exact (1/number of unsur)"),
    "ikm.weight_rounded": (
        "Dibulatkan (seperti dicetak di laporan)",
        "Rounded (as printed in reports)",
    ),
    "ikm.weight_used_exact": (
        "Bobot tiap unsur: 1/{unsur} (tepat, ≈ {weight}).",
        "Weight of each unsur: 1/{unsur} (exact, ≈ {weight}).",
    ),
    "ikm.weight_used_rounded": (
        "Bobot tiap unsur: {weight} (dibulatkan).",
        "Weight of each unsur: {weight} (rounded).",
    ),
    "ikm.unit_column": ("Kolom unit layanan", "Service unit column"),
    "ikm.no_unit": ("Tanpa kolom unit (seluruh responden)", "No unit column (all respondents)"),
    "ikm.unsur": ("Kolom unsur, berurutan sesuai peraturan", "Unsur columns, in regulation order"),
    "ikm.units": ("IKM per unit layanan", "IKM per service unit"),
    "ikm.sample": (
        "Ukuran sampel per unit (Krejcie–Morgan)",
        "Sample size per unit (Krejcie–Morgan)",
    ),
    "ikm.population": ("Populasi", "Population"),
    "open.no_text": (
        "Polling ini tidak memiliki pertanyaan terbuka (jenis teks).",
        "This poll has no open (text) question.",
    ),
    "open.question": ("Pertanyaan terbuka", "Open question"),
    "open.counts": (
        "{answers} jawaban, {coded} sudah dikode.",
        "{answers} answers, {coded} coded.",
    ),
    "open.themes": ("Tema (TF-IDF + NMF)", "Themes (TF-IDF + NMF)"),
    "open.theme_count": ("Jumlah tema", "Number of themes"),
    "open.not_converged": (
        "NMF berhenti di batas iterasi: tema ini perkiraan; coba jumlah tema lain.",
        (
            "NMF stopped at its iteration limit: these themes are approximate; try another number "
            "of themes."
        ),
    ),
    "open.theme": ("Tema", "Theme"),
    "open.terms": ("Kata kunci", "Top terms"),
    "open.theme_answers": ("Jawaban", "Answers"),
    "open.examples": ("Contoh jawaban", "Example answers"),
    "open.frame": ("Kerangka kode", "Code frame"),
    "open.code": ("Kode", "Code"),
    "open.label": ("Label", "Label"),
    "open.save_frame": ("Simpan kerangka kode", "Save code frame"),
    "open.frame_from_themes": ("Mulai dengan satu kode per tema", "Start with one code per theme"),
    "open.frame_saved": ("kerangka kode.", "code frame."),
    "open.no_frame": (
        "Tambahkan kode (kode singkat dan label) lalu simpan untuk mulai mengode.",
        "Add codes (a short code and a label) and save to start coding.",
    ),
    "open.coding": (
        "Pengodean jawaban (satu jawaban boleh beberapa kode)",
        "Coding answers (an answer may carry several codes)",
    ),
    "open.save_codes": ("Simpan kode", "Save codes"),
    "open.codes_saved": ("kode jawaban.", "answer codes."),
    "open.suggestions": (
        "Saran kode dari jawaban yang sudah dikode",
        "Code suggestions learnt from the coded answers",
    ),
    "open.no_suggestions": (
        (
            "Belum ada saran: kode beberapa jawaban dulu; saran muncul untuk jawaban yang belum "
            "dikode dan mirip dengan yang sudah dikode."
        ),
        (
            "No suggestions yet: code some answers first; suggestions appear for uncoded answers "
            "similar to coded ones."
        ),
    ),
    "open.confidence": ("Keyakinan (%)", "Confidence (%)"),
    "open.accept_col": ("Terima", "Accept"),
    "open.accept": ("Terima saran yang dicentang", "Accept the ticked suggestions"),
    "open.accepted": ("{count} saran kode diterima.", "{count} code suggestions accepted."),
    "open.result": ("Pertanyaan hasil pengodean", "The coded question"),
    "open.none_coded": ("Belum ada jawaban yang dikode.", "No answer is coded yet."),
    "open.result_hint": (
        (
            "Pertanyaan pilihan ganda '{code}' (persen dari jawaban yang sudah dikode) tersedia di "
            "Topline dan tabulasi silang."
        ),
        (
            "The multiple-choice question '{code}' (percent of coded answers) is available in the "
            "topline and cross-tabs."
        ),
    ),
    "crosstab.too_few": (
        "Tabulasi silang memerlukan paling sedikit dua pertanyaan tertutup.",
        "A cross-tab needs at least two closed questions.",
    ),
    "crosstab.row": ("Baris", "Row"),
    "crosstab.col": ("Kolom", "Column"),
    "crosstab.percent": ("Persentase", "Percentages"),
    "crosstab.percent_column": ("% kolom", "column %"),
    "crosstab.percent_row": ("% baris", "row %"),
    "crosstab.filters": ("Saring menurut", "Filter by"),
    "crosstab.same": (
        "Pilih pertanyaan yang berbeda untuk baris dan kolom.",
        "Pick different questions for rows and columns.",
    ),
    "crosstab.test": (
        (
            "Uji Rao–Scott (F orde kedua): F = {f}, db1 = {ndf}, db2 = {ddf}, p = {p}, n = {n}. "
            "▲/▼: sel berbeda nyata (IK 95%) dari proporsi keseluruhan."
        ),
        (
            "Rao–Scott test (second-order F): F = {f}, ndf = {ndf}, ddf = {ddf}, p = {p}, n = {n}. "
            "▲/▼: cell significantly different (95% CI) from the overall share."
        ),
    ),
    "crosstab.indicative": (
        "Karena sampel non-probabilitas, uji dan tanda ini hanya indikatif.",
        "As the sample is non-probability, the test and markers are only indicative.",
    ),
    "weighting.raked": ("Bobot raking (tersimpan)", "Raked weights (stored)"),
    "weighting.help": (
        (
            "Masukkan margin populasi (mis. jumlah penduduk BPS menurut jenis kelamin, kelompok "
            "umur, kecamatan) sebagai jumlah atau proporsi, atau unggah CSV/XLSX dengan kolom "
            "variabel, kategori, target. Format angka Indonesia (12.345 atau 0,49) diterima."
        ),
        (
            "Enter population margins (e.g. BPS population by sex, age group, kecamatan) as counts "
            "or shares, or upload a CSV/XLSX with columns variabel, kategori, target. Indonesian "
            "number formats (12.345 or 0,49) are accepted."
        ),
    ),
    "weighting.fill_targets": (
        "Isi target populasi setiap kategori (jumlah atau proporsi) di kolom target.",
        "Fill in the population target of every category (count or share) in the target column.",
    ),
    "weighting.file": ("Berkas margin (CSV atau XLSX)", "Margins file (CSV or XLSX)"),
    "weighting.variables": ("Variabel raking", "Raking variables"),
    "weighting.cap": (
        "Batas bobot (kelipatan bobot rata-rata; 0 = tanpa pemangkasan)",
        "Weight cap (multiple of the mean weight; 0 = no trimming)",
    ),
    "weighting.done": ("Raking konvergen.", "Raking converged."),
    "weighting.not_converged": (
        "Raking belum konvergen: periksa margin atau gabungkan kategori.",
        "Raking did not converge: check the margins or merge categories.",
    ),
    "weighting.save": ("Simpan bobot gelombang ini", "Store the weights of this wave"),
    "weighting.saved": ("Bobot gelombang {wave} tersimpan.", "Weights of wave {wave} stored."),
    "weighting.variable": ("Variabel", "Variable"),
    "weighting.category": ("Kategori", "Category"),
    "weighting.target_pct": ("Target (%)", "Target (%)"),
    "weighting.before_pct": ("Sebelum (%)", "Before (%)"),
    "weighting.after_pct": ("Sesudah (%)", "After (%)"),
    "weighting.iterations": ("Iterasi", "Iterations"),
    "weighting.converged": ("Konvergen", "Converged"),
    "weighting.yes": ("ya", "yes"),
    "weighting.no": ("tidak", "no"),
    "weighting.max_error": ("Galat margin maksimum (relatif)", "Max margin error (relative)"),
    "weighting.range": ("Rentang bobot", "Weight range"),
    "weighting.adjustment": ("Rentang penyesuaian", "Adjustment range"),
    "weighting.measure": ("Ukuran", "Measure"),
    "weighting.value": ("Nilai", "Value"),
    "trend.question": ("Pertanyaan", "Question"),
    "trend.wave": ("Gelombang", "Wave"),
    "trend.change": ("Perubahan (poin)", "Change (points)"),
    "trend.p": ("p", "p"),
    "trend.mean": ("Rata-rata", "Mean"),
    "trend.change_mean": ("Perubahan", "Change"),
    "trend.method_mean": (
        (
            "▲/▼: rata-rata berubah nyata sejak gelombang sebelumnya (p < 0,05), menurut uji Wald "
            "beda rata-rata dua sampel independen dengan SE linearisasi Taylor (gelombang sebagai "
            "strata; db = responden − gelombang)."
        ),
        (
            "▲/▼: the mean changed significantly since the previous wave (p < 0.05), by a Wald "
            "test of the difference of two independent means with Taylor-linearised SEs (waves as "
            "strata; df = respondents − waves)."
        ),
    ),
    "trend.one_wave": (
        "Polling ini baru memiliki satu gelombang.",
        "This poll has only one wave so far.",
    ),
    "trend.method": (
        (
            "▲/▼: berubah nyata sejak gelombang sebelumnya (p < 0,05), menurut uji Wald beda "
            "proporsi dua sampel independen dengan SE linearisasi Taylor (gelombang sebagai strata;"
            " db = responden − gelombang)."
        ),
        (
            "▲/▼: changed significantly since the previous wave (p < 0.05), by a Wald test of the "
            "difference of two independent proportions with Taylor-linearised SEs (waves as strata;"
            " df = respondents − waves)."
        ),
    ),
    "report.banner": (
        "Variabel banner (kolom tabulasi silang)",
        "Banner variables (cross-tab columns)",
    ),
    "report.build": ("Buat laporan", "Build the report"),
    "report.xlsx": ("Unduh XLSX", "Download XLSX"),
    "report.pdf": ("Unduh PDF", "Download PDF"),
    "report.csv": ("Unduh CSV (tabel rapi)", "Download CSV (tidy table)"),
    "report.no_record": (
        "Polling ini tidak terhubung ke rekaman SOP polling, jadi PDF tidak dapat dilampirkan.",
        "This poll is not linked to a polling SOP record, so the PDF cannot be attached.",
    ),
    "report.not_your_step": (
        (
            "PDF hanya dapat dilampirkan ke rekaman {record} oleh pemegang peran langkah yang "
            "sedang berjalan."
        ),
        "Only a holder of the running step's role can attach the PDF to record {record}.",
    ),
    "report.attach": ("Lampirkan PDF ke rekaman {record}", "Attach the PDF to record {record}"),
    "report.attached": (
        "PDF terlampir pada langkah rekaman {record} yang sedang berjalan.",
        "PDF attached to the running step of record {record}.",
    ),
}
