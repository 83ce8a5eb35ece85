using System.Linq.Expressions;
using Codex.Contracts.Content;
using Codex.Data;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>The one mapping from a content row to the wire shape (the body is filled in only where allowed).</summary>
public static class ContentProjection
{
    public static readonly Expression<Func<ContentItem, ContentDto>> ToDto = c => new ContentDto
    {
        Id = c.Id,
        OrganizationId = c.OrganizationId,
        CreatorId = c.CreatorId,
        Slug = c.Slug,
        Title = c.Title,
        Description = c.Description,
        ContentType = c.ContentType,
        AccessType = c.AccessType,
        PriceCents = c.PriceCents,
        MediaId = c.MediaId,
        Status = c.Status,
        ThumbnailUrl = c.ThumbnailUrl,
        DurationSeconds = c.DurationSeconds,
        ContentBody = null,
        Tags = c.Tags,
        PublishedAt = c.PublishedAt,
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        Organization = new OrganizationSummary(c.Organization!.Id, c.Organization.Slug, c.Organization.Name),
        Creator = new CreatorSummary(c.Creator!.Id, c.Creator.Name) { Username = c.Creator.Username },
    };

    /// <summary><see cref="ToDto"/> compiled once, for rows already loaded with their organization and creator.</summary>
    public static readonly Func<ContentItem, ContentDto> Map = ToDto.Compile();
}
