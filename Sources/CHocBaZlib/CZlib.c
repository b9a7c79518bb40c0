// zlib, the system's (Debian: zlib1g-dev; swift-nio-extras needs it too). This file only makes the target a C one.
