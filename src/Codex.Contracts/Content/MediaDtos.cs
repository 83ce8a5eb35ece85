using FluentValidation;

namespace Codex.Contracts.Content;

/// <summary>
/// A media file as the Content-API returns it to its organization's managers (CONTRACT.md, "Creator side (v2)").
/// The Media-API's transcoding reads and reports the same shape.
/// </summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record MediaDto
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required Guid CreatorId { get; init; }
    public required string Title { get; init; }
    public required MediaKind MediaType { get; init; }
    /// <summary>The type of the file that streams, decided by its content at upload.</summary>
    public required string MimeType { get; init; }
    public required long SizeBytes { get; init; }
    public required MediaStatus Status { get; init; }
    public int? DurationSeconds { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>A URL the browser can load (signed, expiring), or null before transcoding made a thumbnail.</summary>
    public string? ThumbnailUrl { get; init; }
    /// <summary>Why the file could not be made playable, when it failed.</summary>
    public string? Error { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// The fields of <c>POST /api/media</c> (<c>multipart/form-data</c>). The text fields come before the file, as a
/// browser sends a form whose file input is last: the worker decides who may upload before it stores a byte.
/// </summary>
public static class UploadMediaFields
{
    public const string OrganizationId = "organizationId";
    public const string Title = "title";
    public const string File = "file";
}

/// <summary>The rules of media files.</summary>
public static class MediaRules
{
    public const int TitleMax = 500;
    /// <summary>The default of <c>Media:MaxUploadBytes</c>: 2 GiB.</summary>
    public const long DefaultMaxUploadBytes = 2L * 1024 * 1024 * 1024;
}

/// <summary><c>PATCH /api/media/:id</c>: <c>{title}</c>.</summary>
public sealed record UpdateMediaRequest
{
    public string? Title { get; init; }
}

public sealed class UpdateMediaRequestValidator : AbstractValidator<UpdateMediaRequest>
{
    public UpdateMediaRequestValidator()
    {
        RuleFor(r => r.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Give the file a title.");
        RuleFor(r => r.Title!.Trim()).MaximumLength(MediaRules.TitleMax).OverridePropertyName(nameof(UpdateMediaRequest.Title))
            .When(r => r.Title is not null).WithMessage($"Use at most {MediaRules.TitleMax} characters.");
    }
}

/// <summary>The query of <c>GET /api/media</c>: an organization's files, newest first.</summary>
public sealed record MediaListQuery
{
    public Guid? OrganizationId { get; init; }
    public MediaStatus? Status { get; init; }
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;

    /// <summary>Reads and validates a query; <paramref name="fieldErrors"/> is null when it is valid.</summary>
    public static MediaListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new MediaListQuery
        {
            OrganizationId = reader.Guid("organizationId"),
            Status = reader.Enum<MediaStatus>("status"),
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
        };
        reader.AddErrors(new MediaListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class MediaListQueryValidator : AbstractValidator<MediaListQuery>
{
    public MediaListQueryValidator()
    {
        RuleFor(q => q.OrganizationId).NotNull().WithMessage("Choose the organization whose media to list.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
    }
}
