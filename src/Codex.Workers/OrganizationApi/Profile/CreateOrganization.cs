using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary>
/// <c>POST /api/organizations</c>: any signed-in user founds an organization and becomes its owner; a customer
/// becomes a creator on the way, since they now run a space that publishes.
/// </summary>
public static class CreateOrganization
{
    public static async Task<IResult> HandleAsync(CreateOrganizationRequest body, CodexDbContext db, CurrentUser currentUser,
        OrganizationAccess access, TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var caller = await currentUser.RequireAsync(ct);
        new CreateOrganizationRequestValidator().ValidateAndThrow(body);
        var slug = body.Slug!;
        if (await access.SlugTakenAsync(slug, except: null, ct)) throw OrganizationAccess.SlugTaken();

        var now = clock.StoredNow();
        var organization = new Organization
        {
            Id = Guid.NewGuid(), Slug = slug, Name = body.Name!.Trim(), Description = Input.Clean(body.Description),
            LogoUrl = Input.Clean(body.LogoUrl), WebsiteUrl = Input.Clean(body.WebsiteUrl), CreatedAt = now, UpdatedAt = now,
            Settings = new OrganizationSettings { UpdatedAt = now },
        };
        db.Organizations.Add(organization);
        db.Memberships.Add(new Membership
        {
            Id = Guid.NewGuid(), OrganizationId = organization.Id, UserId = caller.Id, Role = MemberRole.Owner,
            Status = MembershipStatus.Active, CreatedAt = now,
        });
        var user = await db.Users.FirstAsync(u => u.Id == caller.Id, ct);
        if (user.Role == UserRole.Customer)
        {
            user.Role = UserRole.Creator;
            user.UpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await access.SlugTakenAsync(slug, except: null, ct)) throw OrganizationAccess.SlugTaken(); // a concurrent insert won
            throw;
        }
        // They own an organization now (and a customer became a creator): the workers' cached session and the site's
        // view of their memberships are dropped; and the list of organizations (the directory, the sitemap) gains one.
        await site.InvalidateUserAsync(caller.Id, ct);
        await site.InvalidateAsync([CacheTags.Organizations], ct);
        return Results.Json(new DataEnvelope<OrganizationDto>(OrganizationProjection.Map(organization)), ContractJson.Options,
            statusCode: StatusCodes.Status201Created);
    }
}
