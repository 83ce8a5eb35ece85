namespace Codex.Contracts.Content;

/// <summary>A content item as the Content-API returns it.</summary>
/// <remarks>
/// <see cref="Organization"/> and <see cref="Creator"/> are additions to CONTRACT.md's shape: the site needs the
/// organization's slug to build the canonical URL and the creator's name to show it, without a request per item.
/// </remarks>
[System.ComponentModel.ImmutableObject(true)]
public sealed record ContentDto
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required Guid CreatorId { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required ContentType ContentType { get; init; }
    public required AccessType AccessType { get; init; }
    public int? PriceCents { get; init; }
    /// <summary>The media file a video or audio item plays (v2).</summary>
    public Guid? MediaId { get; init; }
    public required ContentStatus Status { get; init; }
    public string? ThumbnailUrl { get; init; }
    public int? DurationSeconds { get; init; }
    /// <summary>Null for callers without access (and in list responses).</summary>
    public string? ContentBody { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTimeOffset? PublishedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public OrganizationSummary? Organization { get; init; }
    public CreatorSummary? Creator { get; init; }
    /// <summary>
    /// Addition to the contract: why a platform admin unpublished the item, while that stands (publishing it again clears
    /// it). Only in <c>GET /api/content/:id</c> answers to the item's managers; null for everyone else.
    /// </summary>
    public ContentModerationDto? Moderation { get; init; }
}

/// <summary>A platform admin's unpublishing of an item: when, and the reason mailed to its creator.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record ContentModerationDto(DateTimeOffset ModeratedAt, string Reason);

/// <summary>Who publishes an item: enough to link to its space.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record OrganizationSummary(Guid Id, string Slug, string Name);

/// <summary>Who made an item.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record CreatorSummary(Guid Id, string Name)
{
    /// <summary>Addition to the contract: the creator's public handle, when they chose one (their page is <c>/u/{username}</c>).</summary>
    public string? Username { get; init; }
}
