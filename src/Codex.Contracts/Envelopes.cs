namespace Codex.Contracts;

/// <summary>One item: <c>{ "data": T }</c>.</summary>
public sealed record DataEnvelope<T>(T Data);

/// <summary>Paging metadata of a list response.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record Pagination(int Page, int Limit, int Total, int TotalPages)
{
    /// <summary>Builds the metadata for <paramref name="total"/> rows split into pages of <paramref name="limit"/>.</summary>
    public static Pagination For(int page, int limit, int total) =>
        new(page, limit, total, total == 0 ? 0 : (total + limit - 1) / limit);
}

/// <summary>A list: <c>{ "items": [T], "pagination": {...} }</c>.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record PagedList<T>(IReadOnlyList<T> Items, Pagination Pagination);

/// <summary>The body of every failure: <c>{ "error": { code, message, details } }</c>.</summary>
public sealed record ErrorEnvelope(ErrorBody Error);

/// <summary>Code, human sentence and optional details of a failure.</summary>
public sealed record ErrorBody(string Code, string Message,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    object? Details = null);

/// <summary><c>details</c> of a <see cref="ErrorCodes.ValidationError"/>: the seed's <c>flatten().fieldErrors</c>.</summary>
public sealed record ValidationDetails(IReadOnlyDictionary<string, string[]> FieldErrors);

/// <summary><c>details</c> of a <see cref="ErrorCodes.RateLimited"/>.</summary>
public sealed record RateLimitDetails(int RetryAfterSeconds);
