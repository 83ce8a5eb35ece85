using System.Globalization;
using Codex.Contracts.Content;
using Codex.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Codex.Web.Features.Studio.Content;

/// <summary>
/// The new/edit form of a content item, exactly as typed: the price in dollars, the tags comma-separated, the
/// enums as their wire names. <see cref="ToFields"/> turns it into what the Content-API checks and stores.
/// </summary>
public sealed class ContentForm
{
    public string? Title { get; set; }
    public string? Slug { get; set; }
    public string? Description { get; set; }
    /// <summary><c>video</c>, <c>audio</c> or <c>written</c>.</summary>
    public string? ContentType { get; set; }
    /// <summary><c>free</c>, <c>paid</c> or <c>members</c>.</summary>
    public string? AccessType { get; set; }
    /// <summary>Dollars, e.g. <c>4.99</c>; only paid content keeps a price.</summary>
    public string? Price { get; set; }
    /// <summary>Comma-separated.</summary>
    public string? Tags { get; set; }
    public string? ContentBody { get; set; }
    public string? MediaId { get; set; }

    public ContentType? ContentTypeValue => ContractJson.TryParseWire<ContentType>(ContentType?.Trim(), out var type) ? type : null;
    public AccessType? AccessTypeValue => ContractJson.TryParseWire<AccessType>(AccessType?.Trim(), out var access) ? access : null;
    public Guid? MediaIdValue => Guid.TryParse(MediaId, out var id) ? id : null;

    /// <summary>The slug as typed (trimmed), or null when left blank: the Content-API then makes one from the title.</summary>
    public string? SlugValue => string.IsNullOrWhiteSpace(Slug) ? null : Slug.Trim();

    /// <summary>The price in cents for paid content (null otherwise, or when it is not a number of dollars).</summary>
    public int? PriceCents => AccessTypeValue == Contracts.AccessType.Paid && TryCents(Price, out var cents) ? cents : null;

    public IReadOnlyList<string> TagList =>
        [.. (Tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Dollars with at most two decimals ("5", "4.99", "$4.99", "1,200.00") as cents.</summary>
    public static bool TryCents(string? dollars, out int cents)
    {
        cents = 0;
        var text = dollars?.Trim().TrimStart('$').Trim();
        if (string.IsNullOrEmpty(text)
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
            || decimal.Round(value, 2) != value || value > int.MaxValue / 100m)
            return false;
        cents = (int)(value * 100);
        return true;
    }

    /// <summary>Cents as the form shows them: <c>4.99</c>.</summary>
    public static string Dollars(int cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public ContentFields ToFields() => new()
    {
        Title = Title?.Trim(),
        Slug = SlugValue,
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        ContentType = ContentTypeValue,
        AccessType = AccessTypeValue,
        PriceCents = PriceCents,
        MediaId = MediaIdValue,
        ContentBody = string.IsNullOrWhiteSpace(ContentBody) ? null : ContentBody,
        Tags = TagList,
    };

    public CreateContentRequest ToCreateRequest(Guid organizationId)
    {
        var fields = ToFields();
        return new CreateContentRequest
        {
            OrganizationId = organizationId, Title = fields.Title, Slug = fields.Slug, Description = fields.Description,
            ContentType = fields.ContentType, AccessType = fields.AccessType, PriceCents = fields.PriceCents,
            MediaId = fields.MediaId, ContentBody = fields.ContentBody, Tags = fields.Tags,
        };
    }

    /// <summary>Every field of the form, set (a blank slug is made again from the title).</summary>
    public UpdateContentRequest ToUpdateRequest()
    {
        var fields = ToFields();
        return new UpdateContentRequest
        {
            Title = fields.Title, Slug = fields.Slug, Description = fields.Description, ContentType = fields.ContentType,
            AccessType = fields.AccessType, PriceCents = fields.PriceCents, MediaId = fields.MediaId,
            ContentBody = fields.ContentBody, Tags = new Optional<IReadOnlyList<string>>(fields.Tags),
        };
    }

    /// <summary>The form of a stored item.</summary>
    public static ContentForm From(ContentDto item) => new()
    {
        Title = item.Title,
        Slug = item.Slug,
        Description = item.Description,
        ContentType = ContractJson.WireName(item.ContentType),
        AccessType = ContractJson.WireName(item.AccessType),
        Price = item.PriceCents is { } cents ? Dollars(cents) : null,
        Tags = string.Join(", ", item.Tags),
        ContentBody = item.ContentBody,
        MediaId = item.MediaId?.ToString("D"),
    };

    /// <summary>
    /// The form field that shows an error about a content field (<c>priceCents</c> is the price in dollars, each
    /// <c>tags[i]</c> is the tags box, <c>organizationId</c> is the route's, so a form-level error).
    /// </summary>
    public static string FieldFor(string property)
    {
        var name = property.Length == 0 ? "" : char.ToUpperInvariant(property[0]) + property[1..];
        if (name.StartsWith(nameof(Tags), StringComparison.Ordinal)) return nameof(Tags);
        return name switch
        {
            nameof(ContentFields.PriceCents) => nameof(Price),
            nameof(CreateContentRequest.OrganizationId) => "",
            _ => name,
        };
    }

    /// <summary>Moves errors that a worker put on its own field names onto the form's fields.</summary>
    public static void MoveWorkerErrors(ModelStateDictionary state)
    {
        foreach (var key in state.Keys.ToList())
        {
            var field = FieldFor(key);
            if (field == key || state[key] is not { Errors.Count: > 0 } entry) continue;
            var messages = entry.Errors.Select(e => e.ErrorMessage).ToList();
            state.Remove(key);
            foreach (var message in messages)
                if (state.ErrorFor(field) is not { } existing || !existing.Contains(message, StringComparison.Ordinal))
                    state.AddModelError(field, message);
        }
    }
}

/// <summary>
/// The form's own checks (a price that is not a number, a choice not on the list), then the Content-API's rules
/// themselves (<see cref="ContentFieldsValidator"/> from Contracts) on what the form would send.
/// </summary>
public sealed class ContentFormValidator : AbstractValidator<ContentForm>
{
    private static readonly ContentFieldsValidator Rules = new();

    public ContentFormValidator()
    {
        RuleFor(f => f.ContentType).Must(v => string.IsNullOrWhiteSpace(v) || ContractJson.TryParseWire<ContentType>(v.Trim(), out _))
            .WithMessage("Choose video, audio or written.");
        RuleFor(f => f.AccessType).Must(v => string.IsNullOrWhiteSpace(v) || ContractJson.TryParseWire<AccessType>(v.Trim(), out _))
            .WithMessage("Choose free, paid or members.");
        RuleFor(f => f.Price).Must(p => ContentForm.TryCents(p, out _)).WithMessage("Enter the price in dollars, like 4.99.")
            .When(f => f.AccessTypeValue == AccessType.Paid && !string.IsNullOrWhiteSpace(f.Price));
        RuleFor(f => f.MediaId).Must(m => Guid.TryParse(m, out _)).WithMessage("Choose a media file from the list.")
            .When(f => !string.IsNullOrWhiteSpace(f.MediaId));
        RuleFor(f => f).Custom((form, context) =>
        {
            var priceTyped = !string.IsNullOrWhiteSpace(form.Price) && !ContentForm.TryCents(form.Price, out _);
            var enumsTyped = new HashSet<string>();
            if (!string.IsNullOrWhiteSpace(form.ContentType) && form.ContentTypeValue is null) enumsTyped.Add(nameof(ContentForm.ContentType));
            if (!string.IsNullOrWhiteSpace(form.AccessType) && form.AccessTypeValue is null) enumsTyped.Add(nameof(ContentForm.AccessType));
            foreach (var failure in Rules.Validate(form.ToFields()).Errors)
            {
                var field = ContentForm.FieldFor(failure.PropertyName);
                // Already said more precisely above: "not a price", "not on the list".
                if ((field == nameof(ContentForm.Price) && priceTyped) || enumsTyped.Contains(field)) continue;
                if (field == nameof(ContentForm.MediaId) && !string.IsNullOrWhiteSpace(form.MediaId) && form.MediaIdValue is null) continue;
                context.AddFailure(field, failure.ErrorMessage);
            }
        });
    }
}

/// <summary>The content list's GET form: search, status filter, page.</summary>
public sealed class StudioContentListForm
{
    public string? Q { get; set; }
    /// <summary><c>draft</c>, <c>published</c>, or blank for both.</summary>
    public string? Status { get; set; }
    public string? Page { get; set; }

    public ContentStatus? StatusValue => ContractJson.TryParseWire<ContentStatus>(Status?.Trim(), out var status) ? status : null;
    public int PageValue => int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;
    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
    public bool IsFiltered => Search is not null || StatusValue is not null;

    public ContentListQuery ToQuery(Guid organizationId, int limit) => new()
    {
        Scope = ContentListQuery.ScopeMine,
        OrganizationId = organizationId,
        Status = StatusValue,
        Search = Search,
        Page = PageValue,
        Limit = limit,
    };

    /// <summary>The URL of this search on page <paramref name="page"/> of <paramref name="basePath"/>.</summary>
    public string UrlFor(string basePath, int page)
    {
        var parts = new List<string>();
        if (Search is { } q) parts.Add("q=" + Uri.EscapeDataString(q));
        if (StatusValue is { } status) parts.Add("status=" + ContractJson.WireName(status));
        if (page != 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? basePath : basePath + "?" + string.Join('&', parts);
    }
}

public sealed class StudioContentListFormValidator : AbstractValidator<StudioContentListForm>
{
    public StudioContentListFormValidator()
    {
        RuleFor(f => f.Q!.Trim()).Length(2, 255).OverridePropertyName(nameof(StudioContentListForm.Q))
            .When(f => !string.IsNullOrWhiteSpace(f.Q))
            .WithMessage("Type at least 2 characters (and at most 255) to search.");
        RuleFor(f => f.Status).Must(s => string.IsNullOrWhiteSpace(s) || s.Trim() is "draft" or "published")
            .WithMessage("Choose drafts, published or all.");
        RuleFor(f => f.Page)
            .Must(p => string.IsNullOrWhiteSpace(p)
                || (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Paging.MaxPage))
            .WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }
}
