using FluentValidation;

namespace Codex.Contracts.Organizations;

/// <summary>The query of <c>GET /api/organizations/:id/members</c>.</summary>
public sealed record MemberListQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    /// <summary>Matches the name or the email address, ignoring case.</summary>
    public string? Search { get; init; }

    /// <summary>Reads and validates a query; <paramref name="fieldErrors"/> is null when it is valid.</summary>
    public static MemberListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new MemberListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Search = reader.String("search"),
        };
        reader.AddErrors(new MemberListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }

    /// <summary>The query string the site sends.</summary>
    public object ToParameters() => new { page = Page, limit = Limit, search = Search };
}

/// <summary>The bounds of a members query: the contract's paging, a search of 2..255 characters.</summary>
public sealed class MemberListQueryValidator : AbstractValidator<MemberListQuery>
{
    public const int MinSearch = 2;
    public const int MaxSearch = 255;

    public MemberListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).Length(MinSearch, MaxSearch).When(q => q.Search is not null)
            .WithMessage($"Search must be between {MinSearch} and {MaxSearch} characters.");
    }
}
