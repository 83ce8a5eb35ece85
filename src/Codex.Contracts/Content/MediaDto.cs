namespace Codex.Contracts.Content;

/// <summary>A media file of an organization, as the Content-API's <c>/api/media</c> returns it (CONTRACT.md, "Creator side (v2)").</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record MediaDto
{
    public required Guid Id { get; init; }
    public required Guid OrganizationId { get; init; }
    public required Guid CreatorId { get; init; }
    public required string Title { get; init; }
    public required MediaKind MediaType { get; init; }
    public required string MimeType { get; init; }
    public required long SizeBytes { get; init; }
    public required MediaStatus Status { get; init; }
    public int? DurationSeconds { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? ThumbnailUrl { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
