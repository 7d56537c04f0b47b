"""The lessons: twelve short reads about back pain, one idea each, offered one at a time in a fixed order.

NICE NG59 puts self-management advice first, and the programmes BackCoach is compared with (selfBACK, Kaia)
teach as well as train (clinical.md section 7). Each lesson is at most :data:`MAX_WORDS` words with a source
line; a few have a second part ("Tell me more"), held to the same limit. Written in our own words after the
sources named on each; the sitting lesson carries the article's rule 8 and ``coach.education``'s tips.

Pure: which lesson comes next is decided from the ids already read (:func:`next_lesson`); storing what was
read is ``usecases.lessons``'s, showing it ``conversations.lessons``'s. The order is the order of the tuple,
from reassurance (common, not serious, gets better) to acting on it (activity, pacing, a flare plan) to the
rest of life (sitting, lifting, sleep, stress) and to when to get help and keeping going.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coach.education import SITTING_TIPS
from locales import N_

MAX_WORDS = 120  # per part: a lesson is a one-minute read (issue 16)

_NICE = N_("NICE guideline NG59, Low back pain and sciatica in over 16s (2016, updated 2020)")
_LANCET = N_("Hartvigsen et al., What low back pain is and why we need to pay attention, The Lancet 2018")
_OSULLIVAN = N_("O'Sullivan et al., Back to basics: 10 facts every person should know about back pain, BJSM 2020")
_NHS_BACK = N_("NHS, Back pain (nhs.uk); NHS inform, Back pain self-help guide")


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    text: str
    source: str
    more: str | None = None  # the second part, shown on "Tell me more"

    def parts(self) -> tuple[str, ...]:
        """The text of each part, the first always there."""
        return (self.text,) if self.more is None else (self.text, self.more)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "common", N_("Back pain is common, and usually not serious"),
        N_("Most people have back pain at some point in their life. It is one of the most common reasons to see a "
        "doctor, and in almost everyone it is not caused by serious damage or disease. Scans often show "
        "changes such as worn discs, but people without any pain have the same changes: they are like grey "
        "hair, a normal part of getting older, and they rarely explain the pain. That is why doctors seldom "
        "need a scan to help you."),
        _LANCET,
    ),
    Lesson(
        "improves", N_("It usually gets better"),
        N_("A new bout of back pain usually eases a lot within a few weeks. Pain that has lasted longer can still "
        "improve: many people with long-standing back pain get back to what they enjoy. It can come back, and "
        "that is common too, but a new bout is usually no sign of new damage, and what helped before "
        "helps again."),
        _NICE,
    ),
    Lesson(
        "stay_active", N_("Stay active: rest in bed slows recovery"),
        N_("When your back hurts it feels natural to rest, but bed rest makes recovery slower, not faster. Keep "
        "doing as much of your normal day as you can, even if you have to do less or go more slowly at first. "
        "Walking, gentle movement and these exercises help your back to settle. Short rests are fine when you "
        "need them; long spells lying down are not."),
        _NHS_BACK,
        more=N_("Staying at work, or going back early with lighter duties, also helps most people recover. You do "
        "not have to be free of pain to be active: aim for a little more each week."),
    ),
    Lesson(
        "hurt_not_harm", N_("Hurt does not mean harm"),
        N_("Pain is your body's alarm system, and with back pain the alarm often becomes too sensitive: it can go "
        "off with ordinary movements that do no damage at all. So some discomfort when you start moving again "
        "is normal and safe. BackCoach still keeps the exercises below the level that makes your pain worse, "
        "because a calm back learns faster. If something feels wrong, stop and tell me with \"It hurts\"."),
        _OSULLIVAN,
        more=N_("Sleep, worry, tiredness and stress can all turn the alarm up; moving with confidence, good sleep "
        "and doing things you enjoy turn it down. That is why these lessons talk about more than exercise."),
    ),
    Lesson(
        "pacing", N_("Pacing: avoid boom and bust"),
        N_("On a good day it is tempting to do everything at once: garden all afternoon, clean the whole house. "
        "The next days are often spent paying for it, and the swing between doing too much and too little "
        "keeps pain going. Pacing means doing a steady, planned amount on good and bad days alike, with short "
        "breaks before the pain forces you to stop, and raising the amount a little at a time. Your "
        "programme works the same way."),
        _NHS_BACK,
    ),
    Lesson(
        "flare_plan", N_("Your flare plan"),
        N_("Flare-ups happen, even when you are doing everything right, and most settle within days. Have a plan "
        "ready: keep moving gently, use the positions that ease your pain, take pain relief as your pharmacist "
        "or doctor advises, and cut your activity down rather than out. Send /pain: BackCoach pauses your "
        "progression and gives you gentle sessions until you are ready to go on with /resume."),
        _NICE,
        more=N_("Write down what helped during this flare. Next time, you will know what to do, and a flare that "
        "you know how to handle is much less frightening."),
    ),
    Lesson(
        "sitting", N_("Sitting well"),
        N_("Sitting does not harm your back, but sitting still for hours can make it stiff and sore. ")
        + " ".join(tip.text for tip in SITTING_TIPS[:2]),
        SITTING_TIPS[0].source,
        more=" ".join(tip.text for tip in SITTING_TIPS[2:5]),
    ),
    Lesson(
        "lifting", N_("Lifting and bending without fear"),
        N_("Your spine is strong and made to bend. There is no single right way to lift: people lift safely with "
        "a rounded back too. What matters most is being used to the load. Keep what you lift close to your "
        "body, start light, and let your strength build with practice, as the hip hinge in your programme "
        "does. Avoiding bending altogether makes your back stiffer and more sensitive, not safer."),
        _OSULLIVAN,
    ),
    Lesson(
        "sleep", N_("Sleep and your back"),
        N_("Poor sleep makes pain feel worse, and pain makes sleep harder. Help the circle turn the other way: go "
        "to bed and get up at about the same times, keep the bedroom dark and cool, and avoid screens and "
        "caffeine late in the day. Try a pillow between your knees if you lie on your side, or under your knees "
        "if you lie on your back. Any mattress that feels comfortable to you is fine."),
        _NHS_BACK,
    ),
    Lesson(
        "stress_mood", N_("Stress, mood and pain"),
        N_("Worry, low mood and stress are common with back pain, and they can make the pain stronger and last "
        "longer. That does not mean the pain is in your head: it means your whole self affects it. Things "
        "that help: doing activities you enjoy, time with people, slow breathing, and talking about how you "
        "feel. If low mood or worry stays with you, talk to your doctor: help works."),
        _NICE,
    ),
    Lesson(
        "when_to_get_help", N_("When to get help"),
        N_("Get emergency help at once if you have new trouble passing urine or controlling your bowels, numbness "
        "around your genitals or back passage, a change in sexual function, or a leg getting weak. See a doctor "
        "the same day for back pain with a fever or feeling very unwell. See your doctor soon if the pain is "
        "getting worse week after week, keeps you awake every night, or comes with weight loss you cannot "
        "explain. And send /screen to tell me."),
        _NICE,
    ),
    Lesson(
        "keep_going", N_("Keep going when the pain settles"),
        N_("When your back feels better it is easy to stop exercising. People who keep up some exercise have fewer "
        "and milder flare-ups. You do not need much: two or three short sessions a week, and staying active in "
        "ways you enjoy, such as walking, swimming or cycling. If the pain comes back, you know what to do: "
        "pace yourself, keep moving, and come back to the programme."),
        _LANCET,
    ),
)

_BY_ID = {lesson.id: lesson for lesson in LESSONS}


def lesson_by_id(lesson_id: str) -> Lesson | None:
    """The lesson with this id, or None (an id from a stale or forged button)."""
    return _BY_ID.get(lesson_id)


def next_lesson(read: Iterable[str]) -> Lesson | None:
    """The first lesson in order not yet read, or None once all are read."""
    seen = set(read)
    return next((lesson for lesson in LESSONS if lesson.id not in seen), None)


def word_count(text: str) -> int:
    """Words as a reader counts them."""
    return len(text.split())
