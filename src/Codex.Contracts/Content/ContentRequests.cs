using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;

namespace Codex.Contracts.Content;

/// <summary>The fields of a content item that its managers write: what the content rules are checked on.</summary>
public interface IContentFields
{
    string? Title { get; }
    string? Slug { get; }
    string? Description { get; }
    ContentType? ContentType { get; }
    AccessType? AccessType { get; }
    int? PriceCents { get; }
    Guid? MediaId { get; }
    string? ContentBody { get; }
    IReadOnlyList<string>? Tags { get; }
}

/// <summary><c>POST /api/content</c>: a new item, created as a draft (<c>createContentSchema</c>).</summary>
public sealed record CreateContentRequest : IContentFields
{
    public Guid? OrganizationId { get; init; }
    public string? Title { get; init; }
    /// <summary>Derived from the title when absent (<see cref="ContentRules.SlugFrom"/>).</summary>
    public string? Slug { get; init; }
    public string? Description { get; init; }
    public ContentType? ContentType { get; init; }
    public AccessType? AccessType { get; init; }
    public int? PriceCents { get; init; }
    public Guid? MediaId { get; init; }
    public string? ContentBody { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>
/// <c>PATCH /api/content/:id</c> (<c>updateContentSchema</c>): a field left out keeps its value, a field given as
/// <c>null</c> clears it; the content rules are checked on the item as it would be after the change
/// (<see cref="ApplyTo"/>).
/// </summary>
public sealed record UpdateContentRequest
{
    private const JsonIgnoreCondition UnlessGiven = JsonIgnoreCondition.WhenWritingDefault;

    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> Title { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> Slug { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> Description { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<ContentType?> ContentType { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<AccessType?> AccessType { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<int?> PriceCents { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<Guid?> MediaId { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> ContentBody { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<IReadOnlyList<string>> Tags { get; init; }

    /// <summary>The item as it would be after this change.</summary>
    public ContentFields ApplyTo(IContentFields current) => new()
    {
        Title = Title.Or(current.Title),
        Slug = Slug.Or(current.Slug),
        Description = Description.Or(current.Description),
        ContentType = ContentType.Or(current.ContentType),
        AccessType = AccessType.Or(current.AccessType),
        PriceCents = PriceCents.Or(current.PriceCents),
        MediaId = MediaId.Or(current.MediaId),
        ContentBody = ContentBody.Or(current.ContentBody),
        Tags = Tags.Or(current.Tags),
    };
}

/// <summary>A content item's writable fields, as stored or as a change would leave them.</summary>
public sealed record ContentFields : IContentFields
{
    public string? Title { get; init; }
    public string? Slug { get; init; }
    public string? Description { get; init; }
    public ContentType? ContentType { get; init; }
    public AccessType? AccessType { get; init; }
    public int? PriceCents { get; init; }
    public Guid? MediaId { get; init; }
    public string? ContentBody { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary><c>GET /api/content/slug-available</c>: whether a slug is free in an organization, and a free one if not.</summary>
public sealed record SlugAvailabilityDto(bool Available, string Suggestion);

/// <summary>The content rules of the contract (CONTRACT.md, "Content-API worker").</summary>
public static partial class ContentRules
{
    public const int TitleMax = 500;
    public const int SlugMax = 200;
    public const int DescriptionMax = 10_000;
    public const int BodyMax = 500_000;
    public const int TagsMax = 20;
    public const int TagMax = 50;
    public const int PriceMin = 1;
    public const int PriceMax = 10_000_000;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\z")]
    public static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    /// <summary>Whether an item of this type plays a media file (video, audio) rather than showing a body.</summary>
    public static bool HasMedia(ContentType type) => type is Contracts.ContentType.Video or Contracts.ContentType.Audio;

    /// <summary>
    /// A slug made from a title: Latin letters with accents written without them, lower case, runs of anything else
    /// turned into one hyphen, at most <see cref="SlugMax"/> characters; <c>item</c> for a title with nothing usable.
    /// </summary>
    /// <remarks>
    /// By table rather than Unicode decomposition: the apps run with invariant globalization, where
    /// <c>string.Normalize</c> leaves accented letters as they are.
    /// </remarks>
    public static string SlugFrom(string? title)
    {
        var plain = new StringBuilder();
        foreach (var c in (title ?? "").ToLowerInvariant())
        {
            var index = Accented.IndexOf(c);
            if (index >= 0) plain.Append(Plain[index]).Append(index < TwoLetters.Length ? TwoLetters[index] : "");
            else plain.Append(c);
        }
        var slug = NotSlug().Replace(plain.ToString(), "-").Trim('-');
        if (slug.Length > SlugMax) slug = slug[..SlugMax].TrimEnd('-');
        return slug.Length == 0 ? "item" : slug;
    }

    // Each accented letter, its plain letter, and for the first few a second letter (ß → ss, æ → ae, œ → oe, þ → th).
    private const string Accented = "ßæœþàáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżžð";
    private const string Plain = "saotaaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzzd";
    private const string TwoLetters = "seeh";

    /// <summary><paramref name="slug"/> with a number on the end (<c>-2</c>, <c>-3</c>…), still within <see cref="SlugMax"/>.</summary>
    public static string Numbered(string slug, int number)
    {
        var suffix = "-" + number.ToString(CultureInfo.InvariantCulture);
        var stem = slug.Length + suffix.Length > SlugMax ? slug[..(SlugMax - suffix.Length)].TrimEnd('-') : slug;
        return stem + suffix;
    }

    public static IRuleBuilderOptions<T, string?> ValidContentSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(SlugMax).WithMessage($"Use at most {SlugMax} characters.")
            .Matches(SlugPattern()).WithMessage("Use lower-case letters and digits, with single hyphens between words.");
}

/// <summary>The rules every item's fields keep, at creation and after any change.</summary>
public class ContentFieldsValidator<T> : AbstractValidator<T> where T : IContentFields
{
    public ContentFieldsValidator()
    {
        RuleFor(c => c.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Enter a title.")
            .MaximumLength(ContentRules.TitleMax).WithMessage($"Use at most {ContentRules.TitleMax} characters.");
        RuleFor(c => c.Slug).ValidContentSlug().When(c => c.Slug is not null);
        RuleFor(c => c.Description).MaximumLength(ContentRules.DescriptionMax)
            .WithMessage($"Use at most {ContentRules.DescriptionMax:N0} characters.");
        RuleFor(c => c.ContentBody).MaximumLength(ContentRules.BodyMax)
            .WithMessage($"Use at most {ContentRules.BodyMax:N0} characters.");
        RuleFor(c => c.ContentType).NotNull().WithMessage("Choose video, audio or written.");
        RuleFor(c => c.AccessType).NotNull().WithMessage("Choose free, paid or members.");
        RuleFor(c => c.Tags).Must(t => t is null || t.Count <= ContentRules.TagsMax)
            .WithMessage($"Use at most {ContentRules.TagsMax} tags.");
        RuleForEach(c => c.Tags).Must(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= ContentRules.TagMax)
            .WithMessage($"Each tag needs 1 to {ContentRules.TagMax} characters.");

        RuleFor(c => c.MediaId).NotNull().WithMessage("Choose the media file this item plays.")
            .When(c => c.ContentType is { } type && ContentRules.HasMedia(type));
        RuleFor(c => c.ContentBody).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write the article's text.")
            .When(c => c.ContentType == ContentType.Written);

        RuleFor(c => c.PriceCents).NotNull().WithMessage("Set a price for paid content.")
            .InclusiveBetween(ContentRules.PriceMin, ContentRules.PriceMax)
            .WithMessage($"Use a price between $0.01 and ${ContentRules.PriceMax / 100:N0}.")
            .When(c => c.AccessType == AccessType.Paid);
        RuleFor(c => c.PriceCents).Null().WithMessage("Only paid content has a price.")
            .When(c => c.AccessType is AccessType.Free or AccessType.Members);
    }
}

/// <summary><c>createContentSchema</c>: the content rules, and the organization the item belongs to.</summary>
public sealed class CreateContentRequestValidator : ContentFieldsValidator<CreateContentRequest>
{
    public CreateContentRequestValidator() =>
        RuleFor(r => r.OrganizationId).NotNull().WithMessage("Choose the organization that publishes this item.");
}

/// <summary><c>updateContentSchema</c>: the content rules, checked on the item as a change would leave it.</summary>
public sealed class ContentFieldsValidator : ContentFieldsValidator<ContentFields>;
