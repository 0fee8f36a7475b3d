// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "yuanqu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "yuanqu", targets: ["yuanqu"]),
        .library(name: "YuanquKit", targets: ["YuanquKit"]),
        .library(name: "YuanquServer", targets: ["YuanquServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(name: "YuanquKit"),
        .target(
            name: "YuanquServer",
            dependencies: [
                "YuanquKit",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(name: "yuanqu", dependencies: ["YuanquServer"]),
        .testTarget(name: "YuanquKitTests", dependencies: ["YuanquKit"]),
        .testTarget(
            name: "YuanquServerTests",
            dependencies: [
                "YuanquServer",
                .product(name: "XCTVapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
