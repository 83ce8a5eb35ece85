using FluentValidation;

namespace Codex.Contracts.Organizations;

/// <summary>The query of <c>GET /api/organizations</c>.</summary>
public sealed record OrganizationListQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    /// <summary>Matches the name or the slug, ignoring case.</summary>
    public string? Search { get; init; }

    /// <summary>Reads and validates a query; <paramref name="fieldErrors"/> is null when it is valid.</summary>
    public static OrganizationListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new OrganizationListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Search = reader.String("search"),
        };
        reader.AddErrors(new OrganizationListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

/// <summary>The bounds of an organizations query: the contract's paging, a search of 2..255 characters.</summary>
public sealed class OrganizationListQueryValidator : AbstractValidator<OrganizationListQuery>
{
    public OrganizationListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).Length(2, 255).When(q => q.Search is not null)
            .WithMessage("Search must be between 2 and 255 characters.");
    }
}
