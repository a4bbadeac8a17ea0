"""Patterns for amounts: MONEY, PERCENT and QUANTITY."""

from __future__ import annotations

_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_WORD_NUMBER = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|a|a\s+few|several|hundreds\s+of"
    r"|thousands\s+of|millions\s+of|billions\s+of|half\s+a|a\s+half)"
)
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion|bn|mn|m|k|tn)(?![\w]))?"
_CURRENCY_SYMBOL = r"(?:(?:US|USD|A|AU|C|CA|NZ|HK|S)?\$|€|£|¥|₹|₽|₩|₺|₪|USD\s?|EUR\s?|GBP\s?)"
_CURRENCY_WORD = (
    r"(?:dollars?|euros?|pounds?(?:\s+sterling)?|yen|yuan|renminbi|rubles?|roubles?|rupees?"
    r"|pesos?|francs?|riyals?|rials?|dirhams?|shekels?|lira|liras|won|hryvnias?|cents?|pence"
    r"|bitcoins?)"
)

#: Alternatives for MONEY: "$2", "$1.5 billion", "€20 million", "5 million euros".
MONEY_PATTERN = (
    rf"(?:{_CURRENCY_SYMBOL}\s?{_NUMBER}{_SCALE}(?:\s+(?:dollars|euros|pounds))?)"
    rf"|(?:{_NUMBER}{_SCALE}\s+(?:(?:U\.S\.|US|Canadian|Australian|Hong\s+Kong|Singapore)\s+)?{_CURRENCY_WORD}(?![\w]))"
    rf"|(?:{_WORD_NUMBER}(?:\s+(?:hundred|thousand|million|billion|trillion))?\s+{_CURRENCY_WORD}(?![\w]))"
)

#: Alternatives for PERCENT: "12%", "12 percent", "3.5 per cent", "two percentage points".
PERCENT_PATTERN = (
    rf"(?:{_NUMBER}\s?%)"
    rf"|(?:(?:{_NUMBER}|{_WORD_NUMBER})\s*(?:-\s*)?(?:percent|per\s+cent|percentage\s+points?)(?![\w]))"
)

_UNIT = (
    r"(?:kilometres?|kilometers?|km|miles?|metres?|meters?|feet|foot|ft|inches|yards?"
    r"|kilograms?|kg|grams?|tonnes?|tons?|pounds\s+of|lbs?|barrels?|litres?|liters?|gallons?"
    r"|acres?|hectares?|square\s+(?:kilometres?|kilometers?|miles?|metres?|meters?|feet)"
    r"|sq\s+km|megawatts?|MW|gigawatts?|GW|kilowatts?|kWh|degrees\s+(?:Celsius|Fahrenheit)"
    r"|°[CF])"
)

#: Alternatives for QUANTITY: "300 kilometres", "2 million barrels", "40°C".
QUANTITY_PATTERN = rf"(?:(?:{_NUMBER}|{_WORD_NUMBER}){_SCALE}\s*(?:-\s*)?{_UNIT}(?![\w]))"

#: What follows "a" in any amount or date that opens with it ("a few days ago", "a million
#: dollars", "a percentage point", "a km"): a cheap first check, so that the common "a"
#: is not tried against every pattern.
AFTER_A_PATTERN = (
    r"\s*(?:-\s*)?(?:few|half|hundred|thousand|million|billion|trillion|bn|mn|m|k|tn|per"
    rf"|days?|weeks?|months?|years?|decades?|{_CURRENCY_WORD}|{_UNIT})"
)
