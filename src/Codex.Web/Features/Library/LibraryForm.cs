using System.Globalization;
using Codex.Contracts.Content;
using FluentValidation;

namespace Codex.Web.Features.Library;

/// <summary>The library page's GET form, exactly as typed: invalid values come back with a message, not a 500.</summary>
public sealed class LibraryForm
{
    public string? Q { get; set; }
    /// <summary><c>all</c>, <c>in_progress</c>, <c>completed</c> or <c>not_started</c>.</summary>
    public string? Filter { get; set; }
    /// <summary><c>recent</c> or <c>title</c>.</summary>
    public string? Sort { get; set; }
    public string? Page { get; set; }

    public LibraryFilter FilterValue => ContractJson.TryParseWire<LibraryFilter>(Filter?.Trim(), out var filter) ? filter : LibraryFilter.All;
    public LibrarySort SortValue => ContractJson.TryParseWire<LibrarySort>(Sort?.Trim(), out var sort) ? sort : LibrarySort.Recent;
    public int PageValue => int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;

    /// <summary>The library query for a valid form.</summary>
    public LibraryQuery ToQuery(int limit) => new()
    {
        Search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
        Filter = FilterValue,
        Sort = SortValue,
        Page = PageValue,
        Limit = limit,
    };

    /// <summary>The URL of this very search and page.</summary>
    public string CurrentUrl => UrlFor(PageValue);

    /// <summary>The URL of this search on another page (empty values left out).</summary>
    public string UrlFor(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
        }
        Add("q", Q);
        Add("filter", Filter);
        Add("sort", Sort);
        if (page != 1) parts.Add($"page={page.ToString(CultureInfo.InvariantCulture)}");
        return parts.Count == 0 ? "/library" : "/library?" + string.Join('&', parts);
    }
}

/// <summary>The same bounds as the Content-API's library query, in words for a person.</summary>
public sealed class LibraryFormValidator : AbstractValidator<LibraryForm>
{
    public LibraryFormValidator()
    {
        RuleFor(f => f.Q!.Trim()).Length(2, 255).OverridePropertyName(nameof(LibraryForm.Q))
            .When(f => !string.IsNullOrWhiteSpace(f.Q))
            .WithMessage("Type at least 2 characters (and at most 255) to search.");
        RuleFor(f => f.Filter).Must(v => string.IsNullOrWhiteSpace(v) || ContractJson.TryParseWire<LibraryFilter>(v.Trim(), out _))
            .WithMessage("Choose what to show from the list.");
        RuleFor(f => f.Sort).Must(v => string.IsNullOrWhiteSpace(v) || ContractJson.TryParseWire<LibrarySort>(v.Trim(), out _))
            .WithMessage("Choose a sort order from the list.");
        RuleFor(f => f.Page)
            .Must(p => string.IsNullOrWhiteSpace(p)
                || (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage))
            .WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }
}
