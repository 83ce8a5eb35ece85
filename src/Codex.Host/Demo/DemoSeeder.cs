using Codex.Contracts;
using Codex.Data;
using Codex.Workers.Auth;
using Microsoft.EntityFrameworkCore;
using Serilog;

namespace Codex.Host.Demo;

/// <summary>
/// Seeds a fresh database once with a living catalogue: three organizations in their own branding, their creators,
/// and published video, audio and writing (free, paid and members-only), plus the demo accounts. Never touches a
/// database that already holds users or organizations. Turn off with <c>Codex__SeedDemoData=false</c>.
/// </summary>
public static class DemoSeeder
{
    /// <summary>The demo accounts' password (local use only; README says so).</summary>
    public const string DemoPassword = "codex-demo-1";

    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record OrgSeed(string Slug, string Name, string Description, string Primary, string Secondary, string Accent,
        string Background, string FontBody, string FontHeading, string[] Topics);

    private static readonly OrgSeed[] Orgs =
    [
        new("northwind-studio", "Northwind Studio", "Short films and workshops on light, lenses and the craft of the moving image.",
            "#1d3557", "#457b9d", "#e63946", "#f1faee", "system-ui, sans-serif", "Georgia, serif",
            ["Light", "Lenses", "Framing", "Colour", "Editing", "Sound design", "Storyboards", "Night shoots"]),
        new("lumen-audio", "Lumen Audio", "Conversations, field recordings and lessons for curious ears.",
            "#7c2d12", "#ea580c", "#facc15", "#fff7ed", "'Trebuchet MS', sans-serif", "'Trebuchet MS', sans-serif",
            ["Field recording", "Interviews", "Mixing", "Microphones", "Radio drama", "Ambient", "Rhythm", "Voice"]),
        new("fieldnotes-press", "Fieldnotes Press", "Essays and guides from people who make things by hand.",
            "#14532d", "#15803d", "#a16207", "#f7fee7", "Georgia, serif", "Georgia, serif",
            ["Gardening", "Bread", "Woodwork", "Walking", "Letters", "Repair", "Maps", "Pottery"]),
    ];

    private static readonly string[] Openers = ["A beginner's guide to", "Notes on", "The quiet art of", "Ten minutes of",
        "Getting started with", "Advanced", "A field guide to", "Why we love"];

    public static async Task SeedAsync(string connectionString, string dataPath, CancellationToken ct)
    {
        await using var db = CodexDatabase.Create(connectionString);
        if (await db.Users.AnyAsync(ct) || await db.Organizations.AnyAsync(ct))
        {
            Log.Debug("Demo data skipped: the database already holds data");
            return;
        }

        var mediaFolder = Path.Combine(dataPath, "media", "demo");
        Directory.CreateDirectory(mediaFolder);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Demo", "media")))
            File.Copy(file, Path.Combine(mediaFolder, Path.GetFileName(file)), overwrite: true);

        var hasher = Passwords.CreateHasher();
        User NewUser(string email, string name, UserRole role, string? password)
        {
            var user = new User { Id = Guid.NewGuid(), Email = email, Name = name, Role = role, EmailVerified = true,
                PasswordHash = "", CreatedAt = Epoch.AddDays(-120), UpdatedAt = Epoch.AddDays(-120) };
            // Accounts without a demo password get an unguessable one: they exist to own content, not to sign in.
            user.PasswordHash = hasher.HashPassword(user, password ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            return user;
        }

        var admin = NewUser("admin@example.com", "Ada Admin", UserRole.Admin, DemoPassword);
        var creator = NewUser("creator@example.com", "Cleo Creator", UserRole.Creator, DemoPassword);
        var customer = NewUser("customer@example.com", "Casey Customer", UserRole.Customer, DemoPassword);
        var maya = NewUser("maya@example.com", "Maya Okafor", UserRole.Creator, null);
        var owen = NewUser("owen@example.com", "Owen Lindqvist", UserRole.Creator, null);
        // The creators have public pages (/u/{username}), which their content pages link to.
        (creator.Username, creator.Bio) = ("cleo", "Films about light and lenses, and the occasional audio lesson.");
        (maya.Username, maya.Bio) = ("maya_okafor", "Records conversations and field sounds; writes essays about making things by hand.");
        (owen.Username, owen.Bio) = ("owen", "Workshops on the moving image, and guides for people who make things.");
        db.Users.AddRange(admin, creator, customer, maya, owen);
        // People who buy things, so the studios' sales pages have a history; they exist to be customers, not to sign in.
        var buyers = new List<User> { customer };
        foreach (var (email, name) in DemoBuyers) buyers.Add(NewUser(email, name, UserRole.Customer, null));
        db.Users.AddRange(buyers.Skip(1));
        // A few people who joined in the last weeks (and have not bought anything yet), so the admin dashboard's
        // signups per day show something; a fixed spread, relative to the moment of seeding.
        var joinedDaysAgo = new[] { 1, 2, 4, 7, 11, 16, 23, 29 };
        for (var i = 0; i < Newcomers.Length; i++)
        {
            var newcomer = NewUser(Newcomers[i].Email, Newcomers[i].Name, UserRole.Customer, null);
            newcomer.CreatedAt = newcomer.UpdatedAt = DateTimeOffset.UtcNow.AddDays(-joinedDaysAgo[i]).AddHours(-i);
            db.Users.Add(newcomer);
        }
        var sales = new Random(60);
        var now = DateTimeOffset.UtcNow;

        var random = new Random(2026);
        var creatorsByOrg = new[] { new[] { creator, maya }, new[] { owen, creator }, new[] { maya, owen } };
        for (var o = 0; o < Orgs.Length; o++)
        {
            var seed = Orgs[o];
            var org = new Organization
            {
                Id = Guid.NewGuid(), Slug = seed.Slug, Name = seed.Name, Description = seed.Description,
                WebsiteUrl = $"https://{seed.Slug}.example.com", CreatedAt = Epoch.AddDays(-100), UpdatedAt = Epoch.AddDays(-100),
                Settings = new OrganizationSettings
                {
                    PrimaryColorHex = seed.Primary, SecondaryColorHex = seed.Secondary, AccentColorHex = seed.Accent,
                    BackgroundColorHex = seed.Background, FontBody = seed.FontBody, FontHeading = seed.FontHeading,
                    // Fieldnotes Press takes members by invitation only, so both kinds of organization exist.
                    EnableSignups = seed.Slug != "fieldnotes-press", EnablePurchases = true, PlatformName = seed.Name,
                    SupportEmail = $"support@{seed.Slug}.example.com", UpdatedAt = Epoch.AddDays(-100),
                },
            };
            db.Organizations.Add(org);
            if (o == 0) StudioMedia(db, org, creator, dataPath);
            var staff = creatorsByOrg[o];
            db.Memberships.Add(new Membership { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = staff[0].Id, Role = MemberRole.Owner, Status = MembershipStatus.Active, CreatedAt = org.CreatedAt });
            db.Memberships.Add(new Membership { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = staff[1].Id, Role = MemberRole.Creator, Status = MembershipStatus.Active, CreatedAt = org.CreatedAt });
            db.Memberships.Add(new Membership { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = admin.Id, Role = MemberRole.Admin, Status = MembershipStatus.Active, CreatedAt = org.CreatedAt });
            if (o == 2)
                db.Memberships.Add(new Membership { Id = Guid.NewGuid(), OrganizationId = org.Id, UserId = customer.Id, Role = MemberRole.Member, Status = MembershipStatus.Active, CreatedAt = org.CreatedAt });

            var paidItems = new List<ContentItem>();
            // 24 published items per organization: every type with every access, 8 topics × 3, plus two drafts.
            for (var i = 0; i < 26; i++)
            {
                var type = (ContentType)(i % 3);
                var access = (AccessType)(i / 3 % 3);
                var topic = seed.Topics[i % seed.Topics.Length];
                var title = i < 24 ? $"{Openers[(i + o) % Openers.Length]} {topic.ToLowerInvariant()}" : $"Work in progress: {topic}";
                if (i >= 8) title += $", part {i / 8 + 1}";
                var published = i < 24;
                var when = Epoch.AddDays(-(o * 2 + i * 3.5)).AddHours(random.Next(0, 12));
                var author = staff[i % 2];
                MediaItem? media = null;
                if (type != ContentType.Written)
                {
                    var video = type == ContentType.Video;
                    media = new MediaItem
                    {
                        Id = Guid.NewGuid(), OrganizationId = org.Id, CreatorId = author.Id, Title = title,
                        Kind = video ? MediaKind.Video : MediaKind.Audio, Status = MediaStatus.Ready,
                        StorageKey = video ? "demo/demo-video.mp4" : "demo/demo-audio.m4a",
                        MimeType = video ? "video/mp4" : "audio/mp4",
                        SizeBytes = new FileInfo(Path.Combine(mediaFolder, video ? "demo-video.mp4" : "demo-audio.m4a")).Length,
                        DurationSeconds = video ? 8 : 12, OriginalFileName = video ? "demo-video.mp4" : "demo-audio.m4a",
                        CreatedAt = when, UpdatedAt = when,
                    };
                    db.Media.Add(media);
                }
                var item = new ContentItem
                {
                    Id = Guid.NewGuid(), OrganizationId = org.Id, CreatorId = author.Id, MediaId = media?.Id,
                    Slug = Slug(title), Title = title,
                    Description = $"{seed.Name} presents {title.ToLowerInvariant()}: {seed.Description.ToLowerInvariant()}",
                    ContentType = type, AccessType = access,
                    PriceCents = access == AccessType.Paid ? 299 + random.Next(0, 27) * 100 : null,
                    Status = published ? ContentStatus.Published : ContentStatus.Draft,
                    ThumbnailUrl = $"/demo/thumb-{(i + o * 3) % 10 + 1}.jpg",
                    DurationSeconds = media?.DurationSeconds,
                    ContentBody = type == ContentType.Written ? Body(title, topic, seed.Name) : null,
                    Tags = [topic.ToLowerInvariant(), ContractJson.WireName(type)],
                    ViewCount = random.Next(0, 5000),
                    PublishedAt = published ? when : null, CreatedAt = when.AddDays(-1), UpdatedAt = when,
                };
                random.Next(0, 200); // once the made-up purchase count: kept so that every later demo value stays as it was
                db.Content.Add(item);
                if (published && access == AccessType.Paid) paidItems.Add(item);
            }
            SeedSales(db, org, staff[0], paidItems, buyers, o, sales, now);
        }
        await db.SaveChangesAsync(ct);
        Log.Information("Demo data seeded: {Orgs} organizations, {Items} items; sign in as customer@example.com, creator@example.com or admin@example.com",
            Orgs.Length, Orgs.Length * 26);
    }

    private static readonly (string Email, string Name)[] DemoBuyers =
    [
        ("amara.osei@example.com", "Amara Osei"), ("ben.carter@example.com", "Ben Carter"), ("chloe.martin@example.com", "Chloé Martin"),
        ("diego.ruiz@example.com", "Diego Ruiz"), ("elin.berg@example.com", "Elin Berg"), ("farah.haddad@example.com", "Farah Haddad"),
        ("george.ito@example.com", "George Ito"), ("hana.kowalski@example.com", "Hana Kowalski"),
    ];

    /// <summary>People who joined recently, one per entry of the signup spread (they buy nothing).</summary>
    private static readonly (string Email, string Name)[] Newcomers =
    [
        ("ines.moreau@example.com", "Inès Moreau"), ("jonas.weber@example.com", "Jonas Weber"), ("kemi.adeyemi@example.com", "Kemi Adeyemi"),
        ("liam.byrne@example.com", "Liam Byrne"), ("mei.chen@example.com", "Mei Chen"), ("nils.dahl@example.com", "Nils Dahl"),
        ("olga.petrova@example.com", "Olga Petrova"), ("priya.nair@example.com", "Priya Nair"),
    ];

    /// <summary>
    /// About two months of sales of an organization's paid items, by the demo buyers (each buys an item at most once),
    /// busier lately, so the studio's chart, top content and customers mean something: one of them refunded in full and
    /// one in part, and one complimentary grant by the owner. Each item's <see cref="ContentItem.PurchaseCount"/> is the
    /// number of its paid sales, as fulfilment counts them (refunded ones included, grants not).
    /// </summary>
    private static void SeedSales(CodexDbContext db, Organization org, User owner, List<ContentItem> items, List<User> buyers, int index,
        Random random, DateTimeOffset now)
    {
        var made = new List<Purchase>();
        foreach (var item in items)
        {
            foreach (var buyer in buyers)
            {
                if (random.NextDouble() > 0.4) continue;
                // A uniform draw to the power 1.6: more sales in recent days than two months ago.
                var daysAgo = 60 * Math.Pow(random.NextDouble(), 1.6);
                var at = now.AddDays(-daysAgo).AddMinutes(-random.Next(0, 600));
                at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));
                var id = Guid.NewGuid();
                made.Add(new Purchase
                {
                    Id = id, UserId = buyer.Id, ContentId = item.Id, OrganizationId = org.Id, PriceCents = item.PriceCents!.Value, Currency = "usd",
                    Status = PurchaseStatus.Completed, CheckoutSessionId = "cs_demo_" + id.ToString("N"), PaymentIntentId = "pi_demo_" + id.ToString("N"),
                    PurchasedAt = at, CreatedAt = at,
                });
                item.PurchaseCount++;
            }
        }
        var ordered = made.OrderBy(p => p.PurchasedAt).ToList();
        if (ordered.Count > 4)
        {
            // A full refund (access ended) and a partial one (kept), a few days after the sale.
            var full = ordered[ordered.Count / 3];
            full.Status = PurchaseStatus.Refunded;
            full.RefundedCents = full.PriceCents;
            full.RefundedAt = full.PurchasedAt!.Value.AddDays(2);
            var part = ordered[ordered.Count * 2 / 3];
            part.RefundedCents = part.PriceCents / 2;
            // What the payment provider's webhook leaves behind for each refund: the platform's stats count refunds
            // by when the provider made them (ADR 029), and a partial refund has no date of its own on the purchase.
            var partAt = part.PurchasedAt!.Value.AddDays(1) < now ? part.PurchasedAt.Value.AddDays(1) : now;
            foreach (var (refunded, at) in new[] { (full, full.RefundedAt.Value < now ? full.RefundedAt.Value : now), (part, partAt) })
                db.WebhookEvents.Add(new WebhookEvent
                {
                    Id = "evt_demo_" + refunded.Id.ToString("N"), Type = "charge.refunded", PaymentIntentId = refunded.PaymentIntentId,
                    Payload = "", ReceivedAt = at, ProcessedAt = at,
                });
        }
        db.Purchases.AddRange(made);

        // Complimentary access for a buyer to an item they did not buy.
        var guest = buyers[(index + 1) % buyers.Count];
        if (items.FirstOrDefault(i => !made.Any(p => p.UserId == guest.Id && p.ContentId == i.Id)) is { } gift)
        {
            var at = now.AddDays(-3 - index);
            at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));
            db.Purchases.Add(new Purchase
            {
                Id = Guid.NewGuid(), UserId = guest.Id, ContentId = gift.Id, OrganizationId = org.Id, PriceCents = 0, Currency = "usd",
                Status = PurchaseStatus.Completed, CheckoutSessionId = "grant_" + Guid.NewGuid().ToString("N"), GrantedById = owner.Id,
                PurchasedAt = at, CreatedAt = at,
            });
        }
    }

    /// <summary>
    /// The creator's studio library beside the files the catalogue plays: one upload waiting to be prepared (the
    /// Media-API picks it up at start, so its row moves through the states in front of the creator) and one that failed.
    /// </summary>
    private static void StudioMedia(CodexDbContext db, Organization org, User creator, string dataPath)
    {
        var now = DateTimeOffset.UtcNow;
        MediaItem Upload(string title, string fileName, byte[] bytes, MediaStatus status, string? error)
        {
            var id = Guid.NewGuid();
            var key = $"uploads/{org.Id:N}/{id:N}/source.mp4";
            var path = Path.Combine(dataPath, "media", key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            var media = new MediaItem
            {
                Id = id, OrganizationId = org.Id, CreatorId = creator.Id, Title = title, Kind = MediaKind.Video, Status = status,
                StorageKey = key, MimeType = "video/mp4", SizeBytes = bytes.Length, Error = error, OriginalFileName = fileName,
                CreatedAt = now, UpdatedAt = now,
            };
            db.Media.Add(media);
            return media;
        }

        var video = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Demo", "media", "demo-video.mp4"));
        var waiting = Upload("Studio tour (raw upload)", "studio-tour.mp4", video, MediaStatus.Uploaded, null);
        db.TranscodingJobs.Add(new TranscodingJob
        {
            Id = Guid.NewGuid(), MediaId = waiting.Id, Status = TranscodingJobStatus.Queued, NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
        });
        // The first 4 KB of a real file: what a connection lost halfway used to leave behind.
        var failed = Upload("Interview, take 2", "interview-take-2.mp4", video[..4096], MediaStatus.Failed,
            "This file ends early, so it could not be prepared for playback (the upload may have been cut short). Upload it again.");
        db.TranscodingJobs.Add(new TranscodingJob
        {
            Id = Guid.NewGuid(), MediaId = failed.Id, Status = TranscodingJobStatus.Failed, Attempts = 3, NextAttemptAt = now,
            FinishedAt = now, LastError = failed.Error, CreatedAt = now, UpdatedAt = now,
        });
    }

    private static string Slug(string title)
    {
        var chars = title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        return string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Body(string title, string topic, string org) => $"""
        # {title}

        This is a demo article from **{org}**. It exists so that the catalogue has something real to show: a
        title, a description, and a body written in Markdown.

        ## Why {topic.ToLowerInvariant()}?

        Most of us learn by doing. Start small, keep notes, and come back to the same exercise a week later:
        you will notice what changed.

        - Pick one thing to practise.
        - Do it for ten minutes a day.
        - Write down what surprised you.

        > "The work teaches you how to do it." — an old saying in many workshops

        ## Going further

        When the basics feel easy, change one variable at a time and watch what happens.
        """;
}
