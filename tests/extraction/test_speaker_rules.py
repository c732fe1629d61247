"""rules-2.1: one test per rule added in the second pass of issue 13, on sentences invented here."""

from __future__ import annotations

from claims.extraction.quotes import Quote, extract_quotes

from .test_quotes import article, check_offsets, find


def quotes_of(*paragraphs: str) -> list[Quote]:
    text = article(*paragraphs)
    quotes = extract_quotes(text)
    check_offsets(text, quotes)
    return quotes


class NamedSpeakerTests:
    """The name of the speaker when the attribution is there but wordy."""

    def test_a_role_apposition_without_an_article_is_no_speaker(self) -> None:
        q = find(quotes_of('"The cranes are unsafe," Rita Moreno, legal director for the Port Workers Alliance of '
                           'Ohio, said.'), "cranes are unsafe")
        assert (q.speaker, q.speaker_role) == ("Rita Moreno", "legal director for the Port Workers Alliance of Ohio")

    def test_a_lawmaker_of_a_state_is_the_speaker_not_the_state(self) -> None:
        q = find(quotes_of("Sen. Alan Brill of Delaware said the dredging would start in June."), "dredging would")
        assert q.speaker == "Alan Brill"

    def test_an_occupation_glued_to_a_name_at_a_sentence_start_is_no_part_of_it(self) -> None:
        quotes = quotes_of('"The pier is lovely," Comedian Dana Cole said.', '"I swim there," Cole added.')
        assert find(quotes, "pier is lovely").speaker == find(quotes, "I swim there").speaker == "Dana Cole"

    def test_an_opener_glued_to_a_name_is_no_part_of_it(self) -> None:
        q = find(quotes_of("Even Dana Cole said the budget was too small."), "budget was too small")
        assert q.speaker == "Dana Cole"

    def test_a_plural_possessor_is_an_affiliation(self) -> None:
        q = find(quotes_of('"Tolls will rise," said Harbor News\u2019 Omar Reyes.'), "Tolls will rise")
        assert (q.speaker, q.speaker_role) == ("Omar Reyes", "Harbor News\u2019")

    def test_whip_and_advocate_are_titles(self) -> None:
        quotes = quotes_of('"We have the votes," said Senate Minority Whip Kate Lim.',
                           '"The port belongs to everyone," Public Advocate Gus Hale said.')
        assert find(quotes, "We have the votes").speaker == "Kate Lim"
        assert find(quotes, "port belongs to everyone").speaker == "Gus Hale"

    def test_a_party_tag_and_a_time_between_subject_and_verb(self) -> None:
        q = find(quotes_of("Rep. Kate Lim (D-Del.) last week said the tolls were unfair."), "tolls were unfair")
        assert q.speaker == "Kate Lim"

    def test_a_reflexive_between_subject_and_verb(self) -> None:
        q = find(quotes_of("Omar Reyes proposed the levy. Reyes himself said that the levy was a mistake."),
                 "levy was a mistake")
        assert q.speaker == "Omar Reyes"

    def test_a_person_after_a_party_word_inside_an_organisation_run(self) -> None:
        q = find(quotes_of("Senate Democrat Ada Park said the bridge was safe."), "bridge was safe")
        assert q.speaker == "Ada Park"

    def test_with_a_name_and_a_participle(self) -> None:
        q = find(quotes_of("The levy passed, with Senator Ada Park telling reporters she saw it as a mistake."),
                 "she saw it as a mistake")
        assert q.speaker == "Ada Park"

    def test_an_age_before_the_subject(self) -> None:
        q = find(quotes_of("58-year-old Omar Reyes, a ferry pilot, backed the levy, saying it would fund repairs."),
                 "it would fund repairs")
        assert q.speaker == "Omar Reyes"

    def test_of_inside_a_title(self) -> None:
        quotes = quotes_of('"The crossing is closed," said Harbor Chief of Staff Lena Brill.',
                           '"It reopens Monday," Brill added.')
        assert find(quotes, "crossing is closed").speaker == "Lena Brill"
        assert find(quotes, "It reopens Monday").speaker == "Lena Brill"

    def test_a_surname_that_is_a_title_word_before_of(self) -> None:
        q = find(quotes_of("Rep. Peter T. King of Delaware said the port was safe."), "port was safe")
        assert q.speaker == "Peter T. King"

    def test_a_full_stop_after_a_short_surname_ends_the_sentence(self) -> None:
        q = find(quotes_of('"People are afraid," said Jane Lim.'), "People are afraid")
        assert q.speaker == "Jane Lim"

    def test_a_lone_name_closing_a_reported_sentence(self) -> None:
        q = find(quotes_of("The tolls would double by spring, Tiegard said."), "tolls would double")
        assert (q.kind, q.speaker) == ("indirect", "Tiegard")

    def test_a_first_name_alone_is_the_one_full_name_with_it(self) -> None:
        quotes = quotes_of("Hillary Vance runs the ferry line.", "Hillary said the boats were full.")
        assert find(quotes, "boats were full").speaker == "Hillary Vance"

    def test_a_place_is_never_a_person(self) -> None:
        quotes = quotes_of("The vote was held in New Hampshire on Monday.",
                           '"We will appeal," she said.')
        assert find(quotes, "We will appeal").speaker != "New Hampshire"

    def test_a_nominal_named_by_its_apposition_after_the_verb(self) -> None:
        q = find(quotes_of('"We are anxious," said another ferry pilot, Rosa Tiegard.'), "We are anxious")
        assert (q.speaker, q.speaker_role) == ("Rosa Tiegard", "another ferry pilot")

    def test_a_lone_name_before_its_apposition(self) -> None:
        q = find(quotes_of('"The port is failing," Tidewire, the regional news agency, wrote.'), "port is failing")
        assert (q.speaker, q.speaker_kind) == ("Tidewire", "organization")

    def test_a_person_named_alone_before_a_colon(self) -> None:
        quotes = quotes_of("Ada Park and Omar Reyes disagree on the levy.",
                           'Park: "The levy is fair." Reyes: "The levy is theft."')
        assert find(quotes, "levy is fair").speaker == "Ada Park"
        assert find(quotes, "levy is theft").speaker == "Omar Reyes"

    def test_as_a_name_and_its_apposition_put_it(self) -> None:
        q = find(quotes_of('As Omar Reyes, an expert on ports at Bay College, noted, "Everyone is waiting."'),
                 "Everyone is waiting")
        assert q.speaker == "Omar Reyes"

    def test_dean_of_is_a_role_apposition(self) -> None:
        q = find(quotes_of("Rosa Tiegard, dean of the Bay College School of Law, said the ruling was narrow."),
                 "ruling was narrow")
        assert q.speaker == "Rosa Tiegard"

    def test_as_a_person_with_an_honorific_put_it(self) -> None:
        q = find(quotes_of('As Ms. Rosa Tiegard put it in July, the pier is "a monument to delay."'),
                 "monument to delay")
        assert (q.kind, q.speaker, q.cue) == ("partial", "Rosa Tiegard", "put it")


class AntecedentTests:
    """Who a pronoun, a role or an organisation's nominal stands for."""

    def test_a_nominal_subject_named_by_its_apposition_is_the_antecedent(self) -> None:
        quotes = quotes_of("Omar Reyes spoke first.",
                           'Her father, Brad, 39, worried about the tolls. "People are afraid," he said.')
        assert find(quotes, "People are afraid").speaker == "Brad"

    def test_the_department_is_the_department_the_article_named(self) -> None:
        quotes = quotes_of("The Harbor Department released the files on Monday.",
                           "The department said it would add the missing data in January.")
        q = find(quotes, "add the missing data")
        assert (q.speaker, q.speaker_kind) == ("Harbor Department", "organization")

    def test_the_board_is_a_board_named_with_of(self) -> None:
        quotes = quotes_of("Members of the Delaware Board of Elections met on Friday.",
                           "The board said the count was accurate.")
        assert find(quotes, "count was accurate").speaker == "Delaware Board of Elections"

    def test_a_preposition_never_opens_a_subject(self) -> None:
        quotes = quotes_of("Omar Reyes spoke at the pier.",
                           'In Concord, he called the protesters "my friends" and waved.')
        assert find(quotes, "my friends").speaker == "Omar Reyes"

    def test_the_state_after_a_town_ends_the_opening_phrase(self) -> None:
        q = find(quotes_of('At a rally in Dover, Del., on Sunday, Ada Park spoke again, saying the port "must grow."'),
                 "must grow")
        assert q.speaker == "Ada Park"

    def test_a_speaker_of_a_parenthetical_attribution_goes_on_with_adding(self) -> None:
        q = find(quotes_of('Reyes and Park will meet next week, Kate Lim said, adding, "They need to talk."'),
                 "They need to talk")
        assert q.speaker == "Kate Lim"


class PartialQuoteTests:
    """Quoted words inside reported sentences."""

    def test_each_report_keeps_its_own_quoted_words(self) -> None:
        quotes = quotes_of('Kate Lim said the plan would make traffic "grind to a halt," and Gus Hale vowed to '
                           'fight it "to the last vote."')
        assert find(quotes, "grind to a halt").speaker == "Kate Lim"
        assert find(quotes, "to the last vote").speaker == "Gus Hale"
        assert "Gus Hale" not in find(quotes, "would make traffic").text

    def test_a_name_being_given_is_no_statement(self) -> None:
        quotes = quotes_of('Ada Park said she would back a 30 percent toll, what has become known as the '
                           '"Park rule" along the bay.')
        assert not [q for q in quotes if q.text == "Park rule"]
        assert find(quotes, "she would back").speaker == "Ada Park"

    def test_a_report_ends_where_another_subject_reports(self) -> None:
        quotes = quotes_of("While Ada Park has pledged to back the levy, Omar Reyes suggested that it would not pass.")
        q = find(quotes, "it would not pass")
        assert q.speaker == "Omar Reyes"
        assert all("Reyes" not in p.text for p in quotes)


class ReportedRuleTests:
    """rules-2.1: reported speech."""

    def test_the_same_subjects_next_verb_ends_a_clause(self) -> None:
        quotes = quotes_of("Ada Park said on Monday that she had no plans to run and predicted that Reyes would win.")
        first, second = find(quotes, "she had no plans"), find(quotes, "Reyes would win")
        assert first is not second and "predicted" not in first.text
        assert first.speaker == second.speaker == "Ada Park"

    def test_another_speaker_after_though_starts_a_new_report(self) -> None:
        quotes = quotes_of("Other pilots agreed, saying the tolls were fair, though Mrs. Rosa Tiegard said she "
                           "doubted drivers would care.")
        q = find(quotes, "she doubted drivers would care")
        assert q.speaker == "Rosa Tiegard" and q.text.startswith("she doubted")

    def test_people_the_reporter_does_not_name(self) -> None:
        q = find(quotes_of("Some said they had waited hours for the ferry."), "waited hours")
        assert (q.kind, q.speaker) == ("indirect", None)

    def test_a_relative_clause_speaks_for_its_antecedent(self) -> None:
        quotes = quotes_of("Gus Hale, a ferry pilot who said he would not vote for the levy, left early.")
        assert find(quotes, "he would not vote for the levy").speaker == "Gus Hale"

    def test_a_report_in_a_relative_clause_ends_at_its_comma(self) -> None:
        q = find(quotes_of("Rosa Tiegard, who said Hale misled her in 1998, told the story on the radio."),
                 "Hale misled her")
        assert (q.speaker, q.text) == ("Rosa Tiegard", "Hale misled her in 1998")

    def test_adding_after_a_direct_quote_with_quoted_words_in_it(self) -> None:
        quotes = quotes_of('"The port needs federal help," Gus Hale said, adding the role should be "minimal" '
                           'at most.')
        q = find(quotes, "the role should be")
        assert (q.kind, q.speaker, q.cue) == ("indirect", "Gus Hale", "adding")

    def test_a_parenthetical_according_to_reports_the_whole_sentence(self) -> None:
        q = find(quotes_of("The real trouble, according to Omar Reyes, a former pilot, was the tide tables."),
                 "The real trouble")
        assert q.kind == "indirect" and q.text.endswith("was the tide tables")
        assert q.speaker == "Omar Reyes"

    def test_as_reported_by_is_a_source(self) -> None:
        q = find(quotes_of("As reported by the Bay Courier, inspectors found 200 cracked pylons."), "200 cracked")
        assert (q.kind, q.speaker, q.cue) == ("indirect", "Bay Courier", "reported")

    def test_announced_takes_a_clause_not_an_object(self) -> None:
        quotes = quotes_of("Harborline announced it will cut 300 jobs.",
                           "Ada Park announced her candidacy on Sunday.")
        assert find(quotes, "it will cut 300 jobs").cue == "announced"
        assert not [q for q in quotes if "candidacy" in q.text]

    def test_denied_reports_a_clause(self) -> None:
        q = find(quotes_of("Gus Hale has denied that he would run for mayor."), "he would run")
        assert (q.kind, q.speaker, q.cue) == ("indirect", "Gus Hale", "denied")

    def test_always_between_subject_and_verb(self) -> None:
        q = find(quotes_of("Mrs. Ada Park has always maintained that the pier was sound."), "pier was sound")
        assert q.speaker == "Ada Park"

    def test_a_possessor_makes_a_reporting_verb_a_noun(self) -> None:
        quotes = quotes_of("Reyes was not moved by the Parks\u2019 comments Tuesday, telling reporters the levy "
                           "would pass.")
        assert all(q.speaker != "Parks" for q in quotes)

    def test_state_after_a_place_is_a_noun(self) -> None:
        quotes = quotes_of("Gus Hale, a Delaware state delegate, said he called Park earlier this month.")
        q = find(quotes, "he called Park")
        assert (q.cue, q.speaker) == ("said", "Gus Hale")

    def test_a_body_paragraph_in_headline_form_and_a_transcript_line(self) -> None:
        quotes = quotes_of("Gov. Ada Park spoke with host Omar Reyes on Sunday.",
                           "REYES: And you are backing the levy, I take it?",
                           "PARK: Well, I think the whole harbor needs to work together on this.",
                           "Ada Park: The Levy Is Not A Radical Idea At All.")
        assert find(quotes, "backing the levy").speaker == "Omar Reyes"
        assert find(quotes, "whole harbor needs").speaker == "Ada Park"
        assert find(quotes, "Not A Radical Idea").speaker == "Ada Park"
        assert all(q.kind == "indirect" for q in quotes if "Radical" in q.text or "harbor needs" in q.text)

    def test_a_list_in_headline_form_is_no_statement(self) -> None:
        quotes = quotes_of("Ada Park and Omar Reyes are running.", "Ada Park: Now or never.")
        assert not [q for q in quotes if "Now or never" in q.text]
