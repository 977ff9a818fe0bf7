"""Writes that touch a coalition together with its partners, or a statement with its signatories."""

from django.db import transaction

from lobby.models import CoalitionPartner, StatementSignatory


@transaction.atomic
def save_coalition(*, coalition, themes, partners):
    """Create or update a coalition with its themes and partners.

    `partners` maps each partner organisation to its role and is the complete list: partners
    not in it are taken off the coalition (the statements they signed keep their signature).
    """
    coalition.full_clean()
    coalition.save()
    coalition.themes.set(themes)
    wanted = {organisation.pk: role for organisation, role in partners.items()}
    CoalitionPartner.objects.filter(coalition=coalition).exclude(organisation_id__in=wanted).delete()
    existing = {partner.organisation_id: partner for partner in coalition.partners.all()}
    for organisation, role in partners.items():
        partner = existing.get(organisation.pk) or CoalitionPartner(coalition=coalition, organisation=organisation)
        if partner.pk and partner.role == role:
            continue
        partner.role = role
        partner.full_clean(validate_constraints=False)
        partner.save()
    return coalition


@transaction.atomic
def save_statement(*, statement, signatories):
    """Create or update a joint statement with the organisations that co-signed it.

    `signatories` maps each co-signing organisation to whether its logo may be used, and is the
    complete list: earlier signatories not in it are removed.
    """
    statement.full_clean()
    statement.save()
    wanted = {organisation.pk: logo for organisation, logo in signatories.items()}
    StatementSignatory.objects.filter(statement=statement).exclude(organisation_id__in=wanted).delete()
    existing = {signatory.organisation_id: signatory for signatory in statement.signatories.all()}
    for organisation, logo_allowed in signatories.items():
        signatory = existing.get(organisation.pk) or StatementSignatory(statement=statement, organisation=organisation)
        if signatory.pk and signatory.logo_allowed == logo_allowed:
            continue
        signatory.logo_allowed = logo_allowed
        signatory.full_clean(validate_constraints=False)
        signatory.save()
    return statement
