"""schema.org JobPosting JSON-LD for an open listing (pure, no Pelican).

Google's required properties (title, description, datePosted, hiringOrganization,
jobLocation, or jobLocationType TELECOMMUTE with applicantLocationRequirements for a
remote role) and the recommended ones the listing has (validThrough, employmentType,
baseSalary, directApply).
"""

from __future__ import annotations

from typing import Any

from .model import JobListing, Remote

SALARY_UNIT_TEXT = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def postal_address(location: str, country: str) -> dict[str, str]:
    """'Denver, CO' -> locality and region; anything else as the locality."""
    address: dict[str, str] = {"@type": "PostalAddress"}
    locality, _, region = (part.strip() for part in location.partition(","))
    address["addressLocality"] = locality
    if region:
        address["addressRegion"] = region
    if country:
        address["addressCountry"] = country
    return address


def job_posting(
    listing: JobListing, description_html: str, url: str, default_country: str = "US"
) -> dict[str, Any]:
    organization: dict[str, Any] = {"@type": "Organization", "name": listing.company}
    if listing.company_url:
        organization["sameAs"] = listing.company_url
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": listing.title,
        "description": description_html,
        "datePosted": listing.posted.isoformat(),
        "validThrough": f"{listing.closes.isoformat()}T23:59:59",
        "employmentType": listing.employment.schema_org,
        "hiringOrganization": organization,
        "url": url,
    }
    if listing.remote is Remote.YES:
        data["jobLocationType"] = "TELECOMMUTE"
        # One object per region (`US, Canada` is two countries, not one named so);
        # schema.org takes a list, and a single region stays a single object.
        countries = [{"@type": "Country", "name": region} for region in listing.remote_regions]
        data["applicantLocationRequirements"] = countries[0] if len(countries) == 1 else countries
    if listing.location:
        data["jobLocation"] = {"@type": "Place", "address": postal_address(listing.location, default_country)}
    if listing.salary:
        value: dict[str, Any] = {
            "@type": "QuantitativeValue",
            "unitText": SALARY_UNIT_TEXT[listing.salary.unit],
        }
        if listing.salary.maximum is None:
            value["value"] = number(listing.salary.minimum)
        else:
            value["minValue"] = number(listing.salary.minimum)
            value["maxValue"] = number(listing.salary.maximum)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": listing.salary.currency, "value": value}
    if not listing.apply.is_email:
        data["directApply"] = True
    return data
