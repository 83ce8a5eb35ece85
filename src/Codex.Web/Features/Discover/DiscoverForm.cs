using System.Globalization;
using Codex.Contracts.Content;
using FluentValidation;

namespace Codex.Web.Features.Discover;

/// <summary>The discover page's GET form, exactly as typed: invalid values come back with a message, not a 500.</summary>
public sealed class DiscoverForm
{
    public string? Q { get; set; }
    public string? Type { get; set; }
    public string? Access { get; set; }
    public string? Sort { get; set; }
    public string? Page { get; set; }
    /// <summary>An organization's slug.</summary>
    public string? Org { get; set; }
    /// <summary>A creator's id (links from content pages).</summary>
    public string? Creator { get; set; }
    /// <summary>A tag (the chips of content pages): items carrying it, whatever its case.</summary>
    public string? Tag { get; set; }

    /// <summary>The discover page of the items carrying <paramref name="tag"/> (the tag chips link here).</summary>
    public static string TagUrl(string tag) => new DiscoverForm { Tag = tag }.UrlFor(1);

    /// <summary>The discover page of one creator's items, named there (for creators without a public page).</summary>
    public static string CreatorUrl(Guid creatorId) => new DiscoverForm { Creator = creatorId.ToString() }.UrlFor(1);

    /// <summary>The catalogue query for a valid form.</summary>
    public ContentListQuery ToQuery(int limit, Guid? organizationId = null) => new()
    {
        OrganizationId = organizationId,
        CreatorId = Guid.TryParseExact(Creator, "D", out var creator) ? creator : null,
        Search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
        Tag = string.IsNullOrWhiteSpace(Tag) ? null : Tag.Trim(),
        ContentType = ContractJson.TryParseWire<ContentType>(Type, out var type) ? type : null,
        AccessType = ContractJson.TryParseWire<AccessType>(Access, out var access) ? access : null,
        Sort = ContractJson.TryParseWire<ContentSort>(Sort, out var sort) ? sort : ContentSort.Newest,
        Page = int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 1,
        Limit = limit,
    };

    /// <summary>The infinite-scroll fragment of <paramref name="page"/> (same filters).</summary>
    public string MoreUrlFor(int page) => "/discover/more" + UrlFor(page)["/discover".Length..];

    /// <summary>The URL of this very search and page.</summary>
    public string CurrentUrl => UrlFor(ToQuery(Paging.DefaultLimit).Page);

    /// <summary>The URL of this search's first page without its tag filter (the chip's remove link).</summary>
    public string UrlWithoutTag => Copy(tag: null, creator: Creator).UrlFor(1);

    /// <summary>The URL of this search's first page without its creator filter.</summary>
    public string UrlWithoutCreator => Copy(tag: Tag, creator: null).UrlFor(1);

    private DiscoverForm Copy(string? tag, string? creator) =>
        new() { Q = Q, Type = Type, Access = Access, Sort = Sort, Org = Org, Creator = creator, Tag = tag };

    /// <summary>The URL of this search on another page (empty values left out).</summary>
    public string UrlFor(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
        }
        Add("q", Q);
        Add("type", Type);
        Add("access", Access);
        Add("sort", Sort);
        Add("org", Org);
        Add("creator", Creator);
        Add("tag", Tag);
        if (page != 1) parts.Add($"page={page.ToString(CultureInfo.InvariantCulture)}");
        return parts.Count == 0 ? "/discover" : "/discover?" + string.Join('&', parts);
    }
}

/// <summary>The same bounds as the catalogue's own query, in words for a person.</summary>
public sealed class DiscoverFormValidator : AbstractValidator<DiscoverForm>
{
    public DiscoverFormValidator()
    {
        RuleFor(f => f.Q!.Trim()).Length(2, 255).OverridePropertyName(nameof(DiscoverForm.Q))
            .When(f => !string.IsNullOrWhiteSpace(f.Q))
            .WithMessage("Type at least 2 characters (and at most 255) to search.");
        RuleFor(f => f.Type).Must(BeWire<ContentType>).WithMessage("Choose a type from the list.");
        RuleFor(f => f.Access).Must(BeWire<AccessType>).WithMessage("Choose an access option from the list.");
        RuleFor(f => f.Sort).Must(BeWire<ContentSort>).WithMessage("Choose a sort order from the list.");
        RuleFor(f => f.Org).Must(o => string.IsNullOrWhiteSpace(o) || Codex.Contracts.Organizations.OrganizationRules.SlugPattern().IsMatch(o))
            .WithMessage("Choose an organization from the list.");
        RuleFor(f => f.Creator).Must(c => string.IsNullOrWhiteSpace(c) || Guid.TryParseExact(c, "D", out _))
            .WithMessage("That creator link is not valid.");
        RuleFor(f => f.Tag!.Trim()).MaximumLength(ContentRules.TagMax).OverridePropertyName(nameof(DiscoverForm.Tag))
            .When(f => !string.IsNullOrWhiteSpace(f.Tag))
            .WithMessage($"A tag is at most {ContentRules.TagMax} characters.");
        RuleFor(f => f.Page)
            .Must(p => string.IsNullOrWhiteSpace(p)
                || (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage))
            .WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }

    private static bool BeWire<T>(string? value) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) || ContractJson.TryParseWire<T>(value, out _);
}
