"""The seeded question bank: the ten sample questions of research/domain.md §4 (question 8 as one row per type,
question 5 with a conditional "where?" follow-up) plus an optional moderated free text. Idempotent."""

from __future__ import annotations

from typing import Any

# code: [(value, sv, en, is_dont_know)]
SCALES: dict[str, tuple[str, list[tuple[int, str, str, bool]]]] = {
    "trivsel": ("Trivsel (5 steg)", [
        (1, "Mycket bra", "Very well", False), (2, "Ganska bra", "Quite well", False),
        (3, "Varken bra eller dåligt", "Neither well nor badly", False), (4, "Ganska dåligt", "Quite badly", False),
        (5, "Mycket dåligt", "Very badly", False)]),
    "trygg": ("Trygghet (Skolenkäten)", [
        (1, "Helt och hållet", "Completely", False), (2, "Till stor del", "To a large extent", False),
        (3, "Till viss del", "To some extent", False), (4, "Inte alls", "Not at all", False),
        (5, "Vet inte", "Don't know", True)]),
    "frekvens": ("Frekvens (5 steg)", [
        (1, "Alltid", "Always", False), (2, "Oftast", "Mostly", False), (3, "Ibland", "Sometimes", False),
        (4, "Sällan", "Rarely", False), (5, "Aldrig", "Never", False)]),
    "frekvens-vetinte": ("Frekvens med vet inte", [
        (1, "Alltid", "Always", False), (2, "Oftast", "Mostly", False), (3, "Ibland", "Sometimes", False),
        (4, "Sällan", "Rarely", False), (5, "Aldrig", "Never", False), (6, "Vet inte", "Don't know", True)]),
    "nej-ja": ("Nej/Ja", [(1, "Nej", "No", False), (2, "Ja", "Yes", False)]),
    "platser": ("Platser i och runt skolan", [
        (1, "Toaletter", "Toilets", False), (2, "Korridorer", "Corridors", False),
        (3, "Skolgården", "School yard", False), (4, "Omklädningsrum", "Changing rooms", False),
        (5, "Matsalen", "Dining hall", False), (6, "På vägen till skolan", "On the way to school", False),
        (7, "Annan plats", "Another place", False)]),
    "utsatt4": ("Utsatt (4 steg)", [
        (1, "Nej", "No", False), (2, "Ja, en gång", "Yes, once", False),
        (3, "Ja, några gånger", "Yes, a few times", False), (4, "Ja, ofta", "Yes, often", False)]),
    "utsatt3": ("Utsatt (3 steg)", [
        (1, "Nej", "No", False), (2, "Ja, en gång", "Yes, once", False), (3, "Ja, flera gånger", "Yes, several times",
                                                                         False)]),
    "sexuella": ("Var (sexuella trakasserier)", [
        (1, "Nej", "No", False), (2, "Ja, i skolan", "Yes, at school", False),
        (3, "Ja, på fritiden", "Yes, in my free time", False), (4, "Ja, på nätet", "Yes, online", False)]),
}

# code, theme, kind, scale, sv, en, easy sv, easy en, headline values, headline sv, headline en, condition
QUESTIONS: list[tuple[Any, ...]] = [
    ("trivsel", "trivsel", "single", "trivsel",
     "Hur trivs du i skolan?", "How do you like school?",
     "Tycker du om att vara i skolan?", "Do you like being at school?",
     [1, 2], "Andel som trivs mycket eller ganska bra", "Share who like school very or quite well", None),
    ("trygg-skolan", "trygghet_skola", "single", "trygg",
     "Känner du dig trygg i skolan?", "Do you feel safe at school?",
     "Känner du dig trygg i skolan?", "Do you feel safe at school?",
     [1, 2], "Andel trygga (helt och hållet eller till stor del)", "Share safe (completely or to a large extent)",
     None),
    ("trygg-raster", "trygghet_skola", "single", "frekvens",
     "Hur ofta känner du dig trygg på rasterna?", "How often do you feel safe during breaks?",
     "Känner du dig trygg på rasten?", "Do you feel safe during breaks?",
     [1, 2], "Andel trygga alltid eller oftast", "Share always or mostly safe", None),
    ("trygg-skolvag", "skolvag", "single", "frekvens",
     "Hur ofta känner du dig trygg på väg till och från skolan?",
     "How often do you feel safe on your way to and from school?",
     "Känner du dig trygg när du går till skolan och hem?", "Do you feel safe when you go to school and home?",
     [1, 2], "Andel trygga alltid eller oftast", "Share always or mostly safe", None),
    ("otrygga-platser", "platser", "single", "nej-ja",
     "Finns det platser i eller runt skolan där du känner dig otrygg?",
     "Are there places in or around the school where you feel unsafe?",
     "Finns det platser vid skolan där du känner dig otrygg?", "Are there places at school where you feel unsafe?",
     [2], "Andel som känner sig otrygga någonstans", "Share who feel unsafe somewhere", None),
    ("otrygga-platser-var", "platser", "place", "platser",
     "Var känner du dig otrygg? Välj i listan och visa gärna platsen på kartan.",
     "Where do you feel unsafe? Choose from the list and, if you like, show the place on the map.",
     "Var är det otryggt? Välj en eller flera platser.", "Where is it unsafe? Choose one or more places.",
     [], "", "", ("otrygga-platser", [2])),
    ("krankt-elever", "krankningar", "single", "utsatt4",
     "Har du blivit kränkt eller retad av andra elever under detta läsår?",
     "Have other pupils insulted or teased you during this school year?",
     "Har andra elever varit elaka mot dig det här läsåret?", "Have other pupils been mean to you this school year?",
     [2, 3, 4], "Andel som blivit kränkta", "Share who were insulted", None),
    ("krankt-vuxna", "krankningar", "single", "utsatt4",
     "Har du blivit kränkt av någon vuxen i skolan under detta läsår?",
     "Has an adult at school insulted you during this school year?",
     "Har en vuxen i skolan varit elak mot dig det här läsåret?",
     "Has an adult at school been mean to you this school year?",
     [2, 3, 4], "Andel som blivit kränkta", "Share who were insulted", None),
    ("hotad", "hot_vald_stold", "single", "utsatt3",
     "Har du under de senaste 12 månaderna blivit hotad i skolan eller på väg dit?",
     "In the last 12 months, have you been threatened at school or on your way there?",
     "Har någon hotat dig i skolan eller på vägen dit det senaste året?",
     "Has anyone threatened you at school or on the way there in the last year?",
     [2, 3], "Andel som blivit hotade", "Share threatened", None),
    ("slagen", "hot_vald_stold", "single", "utsatt3",
     "Har du under de senaste 12 månaderna blivit slagen i skolan eller på väg dit?",
     "In the last 12 months, have you been hit at school or on your way there?",
     "Har någon slagit dig i skolan eller på vägen dit det senaste året?",
     "Has anyone hit you at school or on the way there in the last year?",
     [2, 3], "Andel som blivit slagna", "Share hit", None),
    ("bestulen", "hot_vald_stold", "single", "utsatt3",
     "Har du under de senaste 12 månaderna blivit bestulen i skolan eller på väg dit?",
     "In the last 12 months, has something been stolen from you at school or on your way there?",
     "Har någon tagit något från dig i skolan eller på vägen dit det senaste året?",
     "Has anyone taken something from you at school or on the way there in the last year?",
     [2, 3], "Andel som blivit bestulna", "Share who had something stolen", None),
    ("sexuella-trakasserier", "sexuella_trakasserier", "multi", "sexuella",
     "Har du blivit utsatt för sexuella kommentarer eller ofredande? Du kan välja flera svar.",
     "Have you been subjected to sexual comments or harassment? You can choose more than one answer.",
     "Har någon sagt eller gjort sexuella saker mot dig som du inte ville? Du kan välja flera.",
     "Has anyone said or done sexual things to you that you did not want? You can choose more than one.",
     [2, 3, 4], "Andel utsatta", "Share subjected", None),
    ("vuxna-agerar", "vuxna_agerar", "single", "frekvens-vetinte",
     "Gör vuxna på skolan något om någon elev blir illa behandlad?",
     "Do adults at school do something if a pupil is treated badly?",
     "Hjälper de vuxna i skolan till om någon är elak mot en elev?",
     "Do the adults at school help if someone is mean to a pupil?",
     [1, 2], "Andel som svarar alltid eller oftast", "Share answering always or mostly", None),
    ("fritext", "ovrigt", "text", None,
     "Vill du berätta något mer om trygghet i och runt din skola? Skriv inte namn.",
     "Is there anything else you want to tell us about safety in and around your school? Do not write names.",
     "Vill du berätta något mer? Skriv inga namn.", "Anything else you want to tell us? Do not write names.",
     [], "", "", None),
]


def ensure_question_bank(scale_model: Any = None, option_model: Any = None, question_model: Any = None) -> None:
    """Create the seeded scales and questions if missing (usable from a data migration with historical models)."""
    if scale_model is None:
        from .models import Question, Scale, ScaleOption

        scale_model, option_model, question_model = Scale, ScaleOption, Question
    scales = {}
    for code, (name, options) in SCALES.items():
        scale, _ = scale_model.objects.get_or_create(code=code, defaults={"name": name})
        for value, sv, en, dont_know in options:
            option_model.objects.get_or_create(scale=scale, value=value, defaults={
                "label_sv": sv, "label_en": en, "is_dont_know": dont_know})
        scales[code] = scale
    questions: dict[str, Any] = {}
    for order, row in enumerate(QUESTIONS, start=1):
        code, theme, kind, scale, sv, en, easy_sv, easy_en, headline, head_sv, head_en, condition = row
        question, _ = question_model.objects.get_or_create(code=code, defaults={
            "order": order * 10, "theme": theme, "kind": kind, "scale": scales.get(scale) if scale else None,
            "text_sv": sv, "text_en": en, "easy_sv": easy_sv, "easy_en": easy_en, "headline_values": headline,
            "headline_sv": head_sv, "headline_en": head_en,
            "condition": questions[condition[0]] if condition else None,
            "condition_values": condition[1] if condition else [],
        })
        questions[code] = question
