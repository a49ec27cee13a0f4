"""How often a stranger is answered: once per few minutes for each kind of answer, with the
memory of who was answered bounded however many write."""

from __future__ import annotations

from bot.middlewares.stranger_answers import StrangerAnswers


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_answer_of_a_kind_per_interval() -> None:
    clock = Clock()
    answers = StrangerAnswers(every=180, clock=clock)
    assert answers.may_answer(7, "refusal")
    assert not answers.may_answer(7, "refusal")
    assert answers.may_answer(7, "request")  # the button under the refusal still works
    assert answers.may_answer(8, "refusal")  # someone else
    clock.now += 179
    assert not answers.may_answer(7, "refusal")
    clock.now += 1
    assert answers.may_answer(7, "refusal")


def test_strangers_answered_long_ago_are_forgotten() -> None:
    clock = Clock()
    answers = StrangerAnswers(every=180, clock=clock)
    for user_id in range(5000):
        answers.may_answer(user_id, "refusal")
        clock.now += 0.1
    assert answers.remembered() <= 1801  # only those within the last 180 s
    clock.now += 180
    answers.may_answer(1, "refusal")
    assert answers.remembered() == 1


def test_a_flood_from_many_accounts_gets_no_answers_past_the_memory() -> None:
    clock = Clock()
    answers = StrangerAnswers(every=180, most=100, clock=clock)
    given = [answers.may_answer(user_id, "refusal") for user_id in range(1000)]
    assert given.count(True) == 100
    assert answers.remembered() == 100
    clock.now += 180
    assert answers.may_answer(5000, "refusal")
