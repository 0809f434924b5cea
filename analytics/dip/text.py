"""Normalisation of short Indonesian DIP titles: spelling variants, years, acronyms.

DIP titles are short ("DPA Pengesahan Kelurahan X Tahun 2018", "LHKPN Kabag Perekonomian") and
lean on acronyms. :func:`normalise` lower-cases, folds spelling variants, replaces years and
numbers by placeholders and appends the expansion of every known acronym, so "DPA" and
"Dokumen Pelaksanaan Anggaran" share features.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

ACRONYMS: dict[str, str] = {
    "dpa": "dokumen pelaksanaan anggaran",
    "dppa": "dokumen perubahan pelaksanaan anggaran",
    "dipa": "daftar isian pelaksanaan anggaran",
    "rka": "rencana kerja anggaran",
    "rkakl": "rencana kerja anggaran kementerian lembaga",
    "rkt": "rencana kinerja tahunan",
    "rkpd": "rencana kerja pemerintah daerah",
    "renstra": "rencana strategis",
    "renja": "rencana kerja",
    "renkin": "rencana kinerja",
    "lakip": "laporan akuntabilitas kinerja instansi pemerintah",
    "sakip": "sistem akuntabilitas kinerja instansi pemerintah",
    "akip": "akuntabilitas kinerja instansi pemerintah",
    "lkjip": "laporan kinerja instansi pemerintah",
    "lppd": "laporan penyelenggaraan pemerintahan daerah",
    "lkpj": "laporan keterangan pertanggungjawaban",
    "lkpd": "laporan keuangan pemerintah daerah",
    "lra": "laporan realisasi anggaran",
    "calk": "catatan atas laporan keuangan",
    "lhkpn": "laporan harta kekayaan penyelenggara negara",
    "iku": "indikator kinerja utama",
    "sk": "surat keputusan",
    "sop": "standar operasional prosedur",
    "spo": "standar prosedur operasional",
    "sp": "standar pelayanan",
    "spm": "standar pelayanan minimal",
    "skm": "survei kepuasan masyarakat",
    "ikm": "indeks kepuasan masyarakat",
    "bmn": "barang milik negara",
    "bmd": "barang milik daerah",
    "kir": "kartu inventaris ruangan",
    "sirup": "sistem informasi rencana umum pengadaan",
    "lpse": "layanan pengadaan secara elektronik",
    "spse": "sistem pengadaan secara elektronik",
    "pnbp": "penerimaan negara bukan pajak",
    "duk": "daftar urut kepangkatan",
    "kgb": "kenaikan gaji berkala",
    "pns": "pegawai negeri sipil",
    "cpns": "calon pegawai negeri sipil",
    "asn": "aparatur sipil negara",
    "ppid": "pejabat pengelola informasi dan dokumentasi",
    "dip": "daftar informasi publik",
    "dik": "daftar informasi dikecualikan",
    "spip": "sistem pengendalian intern pemerintah",
    "spi": "satuan pengawasan intern",
    "musrenbang": "musyawarah perencanaan pembangunan",
    "opd": "organisasi perangkat daerah",
    "skpd": "satuan kerja perangkat daerah",
    "perda": "peraturan daerah",
    "perwali": "peraturan wali kota",
    "perbup": "peraturan bupati",
    "pkh": "program keluarga harapan",
    "pmks": "penyandang masalah kesejahteraan sosial",
    "rastra": "beras sejahtera",
    "gakin": "keluarga miskin",
    "trantib": "ketenteraman dan ketertiban",
    "tramtib": "ketenteraman dan ketertiban",
    "linmas": "perlindungan masyarakat",
    "iumk": "izin usaha mikro kecil",
    "imtn": "izin menggunakan tanah negara",
    "ktp": "kartu tanda penduduk",
    "nik": "nomor induk kependudukan",
    "npwp": "nomor pokok wajib pajak",
    "skck": "surat keterangan catatan kepolisian",
    "psbb": "pembatasan sosial berskala besar",
    "mou": "memorandum of understanding",
    "skrd": "surat ketetapan retribusi daerah",
    "spgrm": "stimulan partisipasi gotong royong masyarakat",
}

_SPELLING: dict[str, str] = {
    "standart": "standar",
    "ijin": "izin",
    "perijinan": "perizinan",
    "survey": "survei",
    "th": "tahun",
    "ta": "tahun",
    "asset": "aset",
    "profile": "profil",
    "sturuktur": "struktur",
    "orgnisasi": "organisasi",
    "pemuktahiran": "pemutakhiran",
    "kerjasama": "kerja sama",
    "walikota": "wali kota",
    "tentang": "",
    "dan": "",
    "atau": "",
    "yang": "",
    "di": "",
    "ke": "",
    "dari": "",
}
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMBER = re.compile(r"^\d+$")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with spelling folded, stop words dropped, years and numbers marked."""
    folded = unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()
    out: list[str] = []
    for raw in _NON_WORD.split(folded):
        if not raw:
            continue
        if _YEAR.match(raw):
            out.append("_tahun_")
        elif _NUMBER.match(raw):
            out.append("_angka_")
        else:
            out.extend(_SPELLING.get(raw, raw).split())
    return out


def normalise(text: str) -> str:
    """The title as tokens, each known acronym followed by its expansion."""
    words: list[str] = []
    for token in tokens(text):
        words.append(token)
        expansion = ACRONYMS.get(token)
        if expansion:
            words.extend(expansion.split())
    return " ".join(words)


def normalise_all(texts: Iterable[str]) -> list[str]:
    """:func:`normalise` over many titles."""
    return [normalise(text) for text in texts]
