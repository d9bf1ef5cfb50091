"""Question bank v1, adapted from ../shared/question-bank.md (sources listed per question).

Wording is sized to fit one SMS segment with its numbered options; recall periods follow the
sources (last week for pay, last month for scheduling, last 12 months for injuries and harassment).
"""

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from .model import AnswerType, Bucket, Category, Option, Question, Screen, Unit

D = Decimal
YES = Option("yes", _l("Yes"))
NO = Option("no", _l("No"))
NOT_SURE = Option("unsure", _l("Not sure"))


def _yes_no(key, category, indicator, text, sources, *extra, screens=()):
    return Question(
        key, category, indicator, text, AnswerType.SINGLE, (YES, NO, *extra), sources=sources,
        screens=screens,
    )


HOUR_BUCKETS = (
    Bucket("h0_19", _l("Under 20 hours"), D(0), D(20)),
    Bucket("h20_29", _l("20 to 29 hours"), D(20), D(30)),
    Bucket("h30_39", _l("30 to 39 hours"), D(30), D(40)),
    Bucket("h40_49", _l("40 to 49 hours"), D(40), D(50)),
    Bucket("h50_plus", _l("50 hours or more"), D(50), None),
)
WAGE_BUCKETS = (
    Bucket("w0_7", _l("Under $7.25"), D(0), D("7.25")),
    Bucket("w7_12", _l("$7.25 to $11.99"), D("7.25"), D(12)),
    Bucket("w12_15", _l("$12 to $14.99"), D(12), D(15)),
    Bucket("w15_20", _l("$15 to $19.99"), D(15), D(20)),
    Bucket("w20_plus", _l("$20 or more"), D(20), None),
)

S, W, H = Category.SCHEDULING, Category.WAGE_THEFT, Category.SAFETY
V, R, B, T, C = (
    Category.SUPERVISION, Category.VOICE, Category.BENEFITS, Category.TRAINING, Category.CONTEXT
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "S1", S, _l("Advance notice of schedule"),
        _l("How far ahead do you usually get your work schedule?"),
        AnswerType.SINGLE,
        (
            Option("lt3d", _l("Less than 3 days")),
            Option("3to6d", _l("3 to 6 days")),
            Option("1to2w", _l("1 to 2 weeks")),
            Option("2wplus", _l("2 weeks or more")),
            Option("fixed", _l("Same every week"), sms_label=_l("Same each week")),
        ),
        sources=("Shift", "FairWW"),
        sms_text=_l("How far ahead do you get your schedule?"),
    ),
    _yes_no(
        "S2", S, _l("Last-minute shift change"),
        _l("In the last month, did your boss change the time of a shift with less than 24 "
           "hours notice?"),
        ("Shift",),
    ),
    _yes_no(
        "S3", S, _l("Cancelled shift"),
        _l("In the last month, was a shift you were scheduled for cut or called off with less "
           "than 24 hours notice?"),
        ("Shift", "FairWW"),
    ),
    _yes_no(
        "S4", S, _l("On-call shift"),
        _l("In the last month, did you have to be on call (keep time open, but only paid if "
           "called in)?"),
        ("Shift",),
    ),
    _yes_no(
        "S5", S, _l("Clopening"),
        _l("In the last month, did you close and then open the next day with less than 11 hours "
           "between shifts?"),
        ("Shift", "FairWW"),
    ),
    Question(
        "S6", S, _l("Most hours in a week"),
        _l("In the last month, what is the MOST hours you worked in one week?"),
        AnswerType.INTEGER, buckets=HOUR_BUCKETS, minimum=D(0), maximum=D(100),
        sources=("Shift",), unit=Unit.HOURS,
    ),
    Question(
        "S7", S, _l("Fewest hours in a week"),
        _l("In the last month, what is the FEWEST hours you worked in one week?"),
        AnswerType.INTEGER, buckets=HOUR_BUCKETS, minimum=D(0), maximum=D(100),
        sources=("Shift",), unit=Unit.HOURS,
    ),
    _yes_no(
        "S8", S, _l("Wants more hours"),
        _l("Do you want more hours than you get?"),
        ("Shift", "EWCS"),
    ),
    _yes_no(
        "S9", S, _l("Paid for last-minute changes"),
        _l("When your schedule changed last minute, were you paid extra for it?"),
        ("FairWW",),
        Option("no_changes", _l("No changes")),
        # Asked only of workers whose shift was changed or cut at short notice.
        screens=(Screen("S2", frozenset({"yes"})), Screen("S3", frozenset({"yes"}))),
    ),
    _yes_no(
        "W1", W, _l("Paid below minimum wage"),
        _l("Last week, was your pay per hour below the minimum wage?"),
        ("BLUW", "WHD"),
        NOT_SURE,
    ),
    _yes_no(
        "W2", W, _l("Unpaid overtime"),
        _l("Last week, did you work over 40 hours without getting time-and-a-half for the extra "
           "hours?"),
        ("BLUW", "WHD"),
        Option("under40", _l("I worked under 40 hours")),
        # Not asked of a worker whose longest week last month was 40 hours or fewer.
        screens=(Screen("S6", above=D(40)),),
    ),
    _yes_no(
        "W3", W, _l("Off-the-clock work"),
        _l("In the last month, did you work before clocking in or after clocking out without "
           "pay?"),
        ("BLUW",),
    ),
    _yes_no(
        "W4", W, _l("Missed meal or rest break"),
        _l("In the last month, was your meal break skipped, cut short or interrupted by work?"),
        ("BLUW",),
        Option("not_owed", _l("No break owed")),
    ),
    _yes_no(
        "W5", W, _l("Tips taken"),
        _l("If you get tips: did a boss or manager keep any of your tips?"),
        ("BLUW", "WHD"),
        Option("no_tips", _l("I don't get tips")),
    ),
    _yes_no(
        "W6", W, _l("Illegal deductions"),
        _l("Did your boss take money from your pay for breakage, shortages, uniforms or tools?"),
        ("BLUW", "WHD"),
    ),
    _yes_no(
        "W7", W, _l("Late or unpaid wages"),
        _l("In the last 3 months, were you paid late or not paid at all for work you did?"),
        ("BLUW",),
    ),
    Question(
        "W8", W, _l("Pay stub"),
        _l("Do you get a pay stub that shows your hours and pay?"),
        AnswerType.SINGLE,
        (
            YES,
            Option("cash_only", _l("No, paid in cash only")),
            Option("no_stub", _l("No pay stub")),
        ),
        sources=("BLUW",),
    ),
    _yes_no(
        "W9", W, _l("Paid as a contractor"),
        _l("Are you paid as a contractor (1099) even though the company sets your hours and "
           "tasks?"),
        ("WHD",),
        NOT_SURE,
    ),
    Question(
        "H1", H, _l("Work injury"),
        _l("In the last 12 months, were you hurt or made sick by your job?"),
        AnswerType.SINGLE,
        (
            Option("yes_missed", _l("Yes, and I missed work")),
            Option("yes_worked", _l("Yes, and I kept working")),
            NO,
        ),
        sources=("OSHA300", "BLUW"),
    ),
    _yes_no(
        "H2", H, _l("Discouraged from reporting an injury"),
        _l("If you were hurt: did your boss discourage you from reporting it or filing workers' "
           "comp?"),
        ("BLUW",),
        Option("not_hurt", _l("I was not hurt")),
        # Asked only of a worker hurt or made sick by the job (H1).
        screens=(Screen("H1", frozenset({"yes_missed", "yes_worked"})),),
    ),
    Question(
        "H3", H, _l("Hazards at work"),
        _l("At work, are you exposed to any of these? Choose all that apply."),
        AnswerType.MULTI,
        (
            Option("heat", _l("Heat")),
            Option("chemicals", _l("Chemicals")),
            Option("lifting", _l("Heavy lifting"), sms_label=_l("Lifting")),
            Option("machines", _l("Unsafe machines")),
            Option("violence", _l("Violence")),
            Option("none", _l("None of these"), exclusive=True, sms_label=_l("None")),
        ),
        sources=("OSHA", "EWCS"),
        sms_text=_l("At work, are you exposed to:"),
    ),
    _yes_no(
        "H4", H, _l("Safety gear and training"),
        _l("Does your employer give you the safety gear and training you need, free of charge?"),
        ("OSHA", "DOL-GJ"),
        Option("partly", _l("Partly")),
    ),
    _yes_no(
        "H5", H, _l("Pushed to work unsafely"),
        _l("In the last month, were you pushed to work so fast it felt unsafe?"),
        ("EWCS",),
    ),
    _yes_no(
        "H6", H, _l("Water and bathroom"),
        _l("Can you get water and use the bathroom when you need to at work?"),
        ("OSHA",),
        Option("sometimes", _l("Sometimes")),
    ),
    Question(
        "V1", V, _l("Respect from supervisor"),
        _l("My supervisor treats me with respect."),
        AnswerType.SINGLE,
        (
            Option("strongly_agree", _l("Strongly agree")),
            Option("agree", _l("Agree")),
            Option("disagree", _l("Disagree")),
            Option("strongly_disagree", _l("Strongly disagree")),
        ),
        sources=("Gallup", "EWCS"),
    ),
    _yes_no(
        "V2", V, _l("Harassment or abuse"),
        _l("In the last 12 months, did anyone at work yell at, threaten, or sexually harass "
           "you?"),
        ("EWCS", "DOL-GJ"),
    ),
    _yes_no(
        "V3", V, _l("Discrimination"),
        _l("Were you treated unfairly at work because of race, sex, age, language or papers?"),
        ("DOL-GJ", "ILO"),
    ),
    _yes_no(
        "R1", R, _l("Can speak up"),
        _l("Can you speak up about problems at work without fear?"),
        ("DOL-GJ", "Gallup"),
        NOT_SURE,
    ),
    Question(
        "R2", R, _l("Punished for speaking up"),
        _l("Did you complain or organize in the last year?"),
        AnswerType.SINGLE,
        (
            Option("yes_punished", _l("Yes, and I was punished")),
            Option("yes_not_punished", _l("Yes, and I was not punished")),
            NO,
        ),
        sources=("BLUW",),
    ),
    _yes_no(
        "B1", B, _l("Paid sick leave"),
        _l("If you are sick, can you stay home and still get paid?"),
        ("DOL-GJ", "Gallup"),
        NOT_SURE,
    ),
    Question(
        "B2", B, _l("Health insurance"),
        _l("Does your employer offer you health insurance?"),
        AnswerType.SINGLE,
        (
            Option("yes_taken", _l("Yes, and I take it")),
            Option("yes_too_costly", _l("Yes, but it costs too much")),
            NO,
        ),
        sources=("DOL-GJ",),
    ),
    _yes_no(
        "T1", T, _l("Training and moving up"),
        _l("Has your employer trained you or given you a chance to move up in the last year?"),
        ("DOL-GJ", "Gallup", "EWCS"),
    ),
    Question(
        "C1", C, _l("Hourly pay"),
        _l("What is your hourly pay before taxes, in dollars?"),
        AnswerType.DECIMAL, buckets=WAGE_BUCKETS, minimum=D(0), maximum=D(500),
        sources=("JQI", "BLUW"), unit=Unit.DOLLARS,
    ),
    Question(
        "C3", C, _l("Main job"),
        _l("What is your main job?"),
        AnswerType.SINGLE,
        (
            Option("cashier", _l("Cashier or sales"), sms_label=_l("Cashier/sales")),
            Option("cook", _l("Cook or food prep"), sms_label=_l("Cook")),
            Option("server", _l("Server")),
            Option("warehouse", _l("Warehouse")),
            Option("cleaning", _l("Cleaning")),
            Option("care", _l("Care work"), sms_label=_l("Care")),
            Option("other", _l("Other")),
        ),
        sources=("platform",),
    ),
)

# C2 (which employer and site) is not a numbered question: every channel asks for the employer
# name and city first and hands them to intake, which resolves the employer.
